import createDebug from 'debug';

/**
 * Namespaced debug loggers (`callbridge:sip`, `callbridge:pbx`, `callbridge:dom`, ...). They are
 * silent until support switches "Debug logging" on in the options page, which calls
 * `setDebugLogging(true)` in every context that logs (background, offscreen, content).
 */
export type LogArea = 'sip' | 'pbx' | 'dom' | 'bg' | 'host' | 'ui' | 'calls';

export function logger(area: LogArea): createDebug.Debugger {
  return createDebug(`callbridge:${area}`);
}

export function setDebugLogging(on: boolean): void {
  if (on) createDebug.enable('callbridge:*');
  else createDebug.disable();
}
