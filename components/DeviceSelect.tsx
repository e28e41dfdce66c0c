import { i18n } from '#i18n';

/** One audio device choice; the empty value means the system default. */
export function DeviceSelect(props: {
  id: string;
  label: string;
  devices: MediaDeviceInfo[];
  value: string;
  onChange: (deviceId: string) => void;
}) {
  return (
    <div class="field">
      <label for={props.id}>{props.label}</label>
      <select
        id={props.id}
        value={props.value}
        onChange={(e) => props.onChange(e.currentTarget.value)}
      >
        <option value="">{i18n.t('deviceDefault')}</option>
        {props.devices
          .filter((d) => d.deviceId && d.deviceId !== 'default')
          .map((d) => (
            <option key={d.deviceId} value={d.deviceId}>
              {d.label || d.deviceId.slice(0, 8)}
            </option>
          ))}
      </select>
    </div>
  );
}
