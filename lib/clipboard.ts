/**
 * Copying text from the extension's own document: the offscreen document in Chrome, the
 * background page in Firefox. A CRM page cannot be trusted with it: its clipboard is closed when
 * it is served over plain http (many self-hosted vTigers are), and a context-menu choice made
 * seconds after the right-click no longer counts as the page's user activation. With the
 * `clipboardWrite` permission an extension page may write at any time.
 */
export async function copyText(doc: Document, text: string): Promise<boolean> {
  try {
    // Firefox's background page: the asynchronous clipboard, allowed by clipboardWrite.
    await doc.defaultView?.navigator.clipboard.writeText(text);
    if (doc.defaultView?.navigator.clipboard) return true;
  } catch {
    // Chrome's offscreen document cannot take focus, which writeText() requires.
  }
  const area = doc.createElement('textarea');
  area.value = text;
  (doc.body ?? doc.documentElement).append(area);
  area.select();
  try {
    return doc.execCommand('copy');
  } catch {
    return false;
  } finally {
    area.remove();
  }
}
