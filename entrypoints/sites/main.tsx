import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import '@/components/phone.css';
import { SiteSettings } from '@/components/SiteSettings';
import {
  addAllowedSite,
  addCrmHost,
  blockSite,
  grantHost,
  grantedPatterns,
  removeAllowedSite,
  removeCrmHost,
  setSiteMode,
  unblockSite,
  type EnableResult,
} from '@/lib/click-to-call/enable-site';
import { hostPattern } from '@/lib/click-to-call/sites';
import {
  loadSiteSettings,
  watchSiteSettings,
  type SiteSettings as Settings,
} from '@/lib/storage/site-settings';

/**
 * The click-to-call sites page (sites.html): a page of its own so that the options page can link
 * to it (or mount <SiteSettings> itself) without the two changing together.
 */
function App() {
  const [settings, setSettings] = useState<Settings | null>(null);
  const [access, setAccess] = useState<Record<string, boolean>>({});
  const [error, setError] = useState<string>();

  useEffect(() => {
    const refresh = async (next: Settings) => {
      const hosts = [...next.crmHosts.map((c) => c.host), ...next.allowed];
      const granted = await grantedPatterns(hosts.map(hostPattern));
      setAccess(Object.fromEntries(hosts.map((h) => [h, granted[hostPattern(h)] ?? false])));
      setSettings(next);
    };
    void loadSiteSettings().then(refresh);
    return watchSiteSettings((next) => void refresh(next));
  }, []);

  const report = (result: Promise<EnableResult>) =>
    void result.then((r) =>
      setError(
        r === 'invalid'
          ? browser.i18n.getMessage('sitesInvalidHost')
          : r === 'denied'
            ? browser.i18n.getMessage('sitesPermissionDenied')
            : undefined,
      ),
    );

  if (!settings) return null;
  return (
    <main class="sites-page">
      <SiteSettings
        settings={settings}
        access={access}
        error={error}
        onMode={(mode) => report(setSiteMode(mode))}
        onAddCrmHost={(host, crm) => report(addCrmHost(host, crm))}
        onRemoveCrmHost={(host) => void removeCrmHost(host)}
        onAddAllowed={(host) => report(addAllowedSite(host))}
        onRemoveAllowed={(host) => void removeAllowedSite(host)}
        onAddBlocked={(host) => report(blockSite(host))}
        onRemoveBlocked={(host) => void unblockSite(host)}
        onGrant={(host) => void grantHost(host)}
      />
    </main>
  );
}

document.documentElement.lang = browser.i18n.getUILanguage();
document.title = browser.i18n.getMessage('sitesTitle');
render(<App />, document.getElementById('app')!);
