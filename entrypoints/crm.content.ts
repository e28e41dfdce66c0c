import { runClickToCall } from '@/lib/click-to-call/content';

/**
 * Click-to-call on CRM pages (lib/click-to-call/content.ts does the work). Registered at run
 * time only, for the sites the user enabled and granted (lib/click-to-call/background.ts), so
 * the manifest asks for no host permission up front.
 */
export default defineContentScript({
  registration: 'runtime',
  runAt: 'document_start',
  main(ctx) {
    void runClickToCall(ctx);
  },
});
