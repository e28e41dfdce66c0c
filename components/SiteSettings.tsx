import { useState } from 'preact/hooks';
import { i18n } from '#i18n';
import type { CrmKind, SiteMode, SiteSettings as Settings } from '@/lib/storage/site-settings';

/**
 * Where click-to-call runs: the mode, the CRM hosts (self-hosted vTiger can be on any host),
 * the allow-list and the sites turned off. Props in, events out: the page that mounts it asks
 * the browser for access and saves (lib/click-to-call/enable-site.ts).
 */
export interface SiteSettingsProps {
  settings: Settings;
  /** Access granted by the browser, by host. */
  access: Readonly<Record<string, boolean>>;
  /** The last problem to show (already in the user's language). */
  error?: string | undefined;
  onMode(mode: SiteMode): void;
  onAddCrmHost(host: string, crm: CrmKind): void;
  onRemoveCrmHost(host: string): void;
  onAddAllowed(host: string): void;
  onRemoveAllowed(host: string): void;
  onAddBlocked(host: string): void;
  onRemoveBlocked(host: string): void;
  onGrant(host: string): void;
}

const MODES: ReadonlyArray<[SiteMode, () => string]> = [
  ['off', () => i18n.t('sitesModeOff')],
  ['crm', () => i18n.t('sitesModeCrm')],
  ['allow-list', () => i18n.t('sitesModeAllowList')],
  ['everywhere', () => i18n.t('sitesModeEverywhere')],
];

/** Product names: not translated. */
const CRMS: ReadonlyArray<[CrmKind, string]> = [
  ['vtiger', 'vTiger CRM'],
  ['retailcrm', 'retailCRM'],
];

export function SiteSettings(props: SiteSettingsProps) {
  const { settings } = props;
  return (
    <section class="site-settings">
      <h2>{i18n.t('sitesTitle')}</h2>
      <fieldset class="site-mode">
        <legend>{i18n.t('sitesMode')}</legend>
        {MODES.map(([mode, label]) => (
          <label key={mode}>
            <input
              type="radio"
              name="site-mode"
              value={mode}
              checked={settings.mode === mode}
              onChange={() => props.onMode(mode)}
            />{' '}
            {label()}
          </label>
        ))}
        {settings.mode === 'everywhere' && <p class="hint">{i18n.t('sitesEverywhereHint')}</p>}
      </fieldset>

      <HostList
        id="crm-hosts"
        title={i18n.t('sitesCrmHosts')}
        hint={i18n.t('sitesCrmHostsHint')}
        hosts={settings.crmHosts.map((c) => ({
          host: c.host,
          note: CRMS.find(([k]) => k === c.crm)?.[1],
        }))}
        access={props.access}
        withCrm
        onAdd={(host, crm) => props.onAddCrmHost(host, crm ?? 'vtiger')}
        onRemove={props.onRemoveCrmHost}
        onGrant={props.onGrant}
      />
      {settings.mode === 'allow-list' && (
        <HostList
          id="allowed-sites"
          title={i18n.t('sitesAllowed')}
          hosts={settings.allowed.map((host) => ({ host }))}
          access={props.access}
          onAdd={props.onAddAllowed}
          onRemove={props.onRemoveAllowed}
          onGrant={props.onGrant}
        />
      )}
      {settings.mode === 'everywhere' && (
        <HostList
          id="blocked-sites"
          title={i18n.t('sitesBlocked')}
          hosts={settings.blocked.map((host) => ({ host }))}
          onAdd={props.onAddBlocked}
          onRemove={props.onRemoveBlocked}
        />
      )}
      {props.error && (
        <p class="error" role="alert">
          {props.error}
        </p>
      )}
    </section>
  );
}

interface HostListProps {
  id: string;
  title: string;
  hint?: string;
  hosts: Array<{ host: string; note?: string | undefined }>;
  access?: Readonly<Record<string, boolean>>;
  withCrm?: boolean;
  onAdd(host: string, crm?: CrmKind): void;
  onRemove(host: string): void;
  onGrant?(host: string): void;
}

function HostList(props: HostListProps) {
  const [host, setHost] = useState('');
  const [crm, setCrm] = useState<CrmKind>('vtiger');
  const submit = (event: Event) => {
    event.preventDefault();
    if (!host.trim()) return;
    props.onAdd(host, crm);
    setHost('');
  };
  return (
    <div class="host-list" id={props.id}>
      <h3>{props.title}</h3>
      {props.hint && <p class="hint">{props.hint}</p>}
      {props.hosts.length === 0 ? (
        <p class="empty">{i18n.t('sitesEmpty')}</p>
      ) : (
        <ul>
          {props.hosts.map(({ host: h, note }) => (
            <li key={h} data-host={h}>
              <span class="host">{h}</span>
              {note && <span class="note"> — {note}</span>}
              {props.access && props.access[h] === false && (
                <>
                  {' '}
                  <span class="no-access">{i18n.t('sitesNoAccess')}</span>{' '}
                  <button type="button" class="grant" onClick={() => props.onGrant?.(h)}>
                    {i18n.t('sitesGrant')}
                  </button>
                </>
              )}{' '}
              <button type="button" class="remove" onClick={() => props.onRemove(h)}>
                {i18n.t('sitesRemove')}
              </button>
            </li>
          ))}
        </ul>
      )}
      <form class="add-host" onSubmit={submit}>
        <input
          type="text"
          class="host-input"
          value={host}
          placeholder={i18n.t('sitesHostPlaceholder')}
          aria-label={props.title}
          onInput={(e) => setHost((e.target as HTMLInputElement).value)}
        />
        {props.withCrm && (
          <select
            class="crm-select"
            value={crm}
            onChange={(e) => setCrm((e.target as HTMLSelectElement).value as CrmKind)}
          >
            {CRMS.map(([kind, name]) => (
              <option key={kind} value={kind}>
                {name}
              </option>
            ))}
          </select>
        )}
        <button type="submit" class="add">
          {i18n.t('sitesAdd')}
        </button>
      </form>
    </div>
  );
}
