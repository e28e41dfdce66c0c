/**
 * What the DOM engine (lib/dom) needs to know about a page. Each CRM adapter provides one of
 * these (adapters/types.ts extends it with page detectors and the CRM's identity); the engine
 * knows nothing about any particular CRM.
 */

/** A CRM field known to hold a phone number, found by selector before any text is read. */
export interface FieldMatch {
  /** The element whose text is the value (the engine reads its text runs, with a phone label). */
  element: Element;
  /** Faxes are recognised so that the free-text pass leaves them alone, and never linked. */
  kind: 'phone' | 'fax';
}

/** Who the number belongs to, where the page shows it: kept as the caller-ID cache. */
export interface ContactHint {
  name?: string;
  /** Absolute URL of the CRM record (resolved against the page). */
  recordUrl?: string;
}

export interface ScanProfile {
  /**
   * Phone fields inside `root` (including `root` itself). An iterable, so an adapter can run its
   * queries lazily (a generator): the linker yields to the page between fields, and each
   * document-wide query of a big page is then a step of its own instead of one long one. A
   * `null` marks the end of such a query when it found nothing to yield (the linker then yields
   * to the page too); readers of the fields skip it.
   */
  fields(root: Element): Iterable<FieldMatch | null>;
  /** The phone field that contains `node`, if any (for re-rendered parts of a field). */
  fieldOf(node: Node): FieldMatch | undefined;
  /** `<input>` elements that hold a phone number: they get a call control beside them. */
  phoneInputs(root: Element): HTMLInputElement[];
  /**
   * Links the CRM made for phone numbers itself (vTiger's PBX module), taken over like tel:
   * links. `tel:`, `callto:` and `sip:` links are taken over on every page without asking.
   */
  phoneLinks(root: Element): Element[];
  /** The number a CRM-made phone link stands for (e.g. its data-value). */
  linkValue(link: Element): string | undefined;
  /** A CSS selector of regions that are never scanned (hidden templates, search rows, dates). */
  skip: string;
  /** The caption free text stands under (a field label), passed to the finder as `label`. */
  labelFor?(textParent: Element): string | undefined;
  /**
   * The contact a number belongs to, read from the record around it. `memo` lives for one batch
   * of reads: keyed by the row or card read, it spares reading a row again for its next number.
   */
  contactFor?(
    element: Element,
    memo?: Map<Element, ContactHint | undefined>,
  ): ContactHint | undefined;
}

/** What a call control stands for. */
export interface LinkTarget {
  /** E.164. */
  number: string;
  /** Digits to dial after the call connects. */
  ext?: string;
  /** How the number was found: free text, a known field, an input, or a taken-over link. */
  source: 'text' | 'field' | 'input' | 'link';
}
