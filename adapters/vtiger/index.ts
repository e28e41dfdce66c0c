/**
 * vTiger CRM 7.x and 8.x. Phone fields are found by selector first (list cells, related-list
 * cells, detail and summary values, the record header, edit-form inputs, PBX Manager links);
 * everything else (comments, descriptions, custom text fields) is read by the number finder.
 *
 * Facts measured on real vTiger 8.2 pages (fixtures/) that shape this adapter:
 * - A list row opens its record on any click: the call control stops the click (lib/dom).
 * - The summary tab marks a phone only through a hidden `input.fieldBasicData[data-type=phone]`.
 * - The list's search row has phone-typed inputs that are filters, not numbers.
 * - Dates like `23-11-2026 09:55 AM` sit beside numbers: date cells are skipped outright.
 * - Tabs, list pages, quick previews and inline edits re-render without a reload: the engine
 *   reads only what was added or changed.
 * - With the PBX Manager module on, numbers are `a.phoneField[data-value]` with an onclick.
 */
import type { ContactHint, FieldMatch } from '../../lib/dom/types';
import { absoluteUrl, cleanText, closestOf, eachMatch, memoized, within } from '../dom';
import type { Adapter } from '../types';
import { vtigerPages } from './pages';
import * as S from './selectors';

function detailField(cell: Element): FieldMatch | undefined {
  const data = cell.querySelector(S.DETAIL_FIELD_DATA);
  const typedValue = cell.querySelector(S.DETAIL_PHONE_VALUE);
  const isPhone = typedValue !== null || data?.getAttribute('data-type') === 'phone';
  if (!isPhone) return undefined;
  const value = typedValue ?? cell.querySelector(S.DETAIL_VALUE);
  if (!value) return undefined;
  const fax =
    data?.getAttribute('data-name') === S.FAX_FIELD || cell.id.endsWith(`_${S.FAX_FIELD}`);
  return { element: value, kind: fax ? 'fax' : 'phone' };
}

function listCell(cell: Element): FieldMatch {
  return { element: cell, kind: cell.getAttribute('data-name') === S.FAX_FIELD ? 'fax' : 'phone' };
}

/**
 * Each of the document-wide queries below takes 3-6 ms on the bench's 5,000-row list: `null`
 * after each lets the linker yield to the page between them (ScanProfile.fields).
 */
function* fields(root: Element): Generator<FieldMatch | null, void, undefined> {
  for (const cell of eachMatch(root, [S.LIST_PHONE_CELL, S.RELATED_PHONE_CELL]))
    yield cell && listCell(cell);
  // Value cells: only those with a phone input or typed span (a query per cell, on the few
  // dozen cells of a detail page). `root` may be the value span itself, or sit inside a value
  // cell (re-rendered after an edit).
  const cells = new Set<Element>();
  const enclosing = root.closest(S.DETAIL_VALUE_CELL);
  if (enclosing) cells.add(enclosing);
  // A list page has no value cell (its cells' `span.fieldValue` are no `td`): one query for the
  // first tells, ~4 ms on the bench's list, where the markers' two selectors took 8-9 ms there.
  if (enclosing || root.querySelector(S.DETAIL_VALUE_CELL)) {
    for (const marker of within(root, `${S.DETAIL_PHONE_DATA}, ${S.DETAIL_PHONE_VALUE}`)) {
      const cell = marker.closest(S.DETAIL_VALUE_CELL);
      if (cell) cells.add(cell);
    }
  }
  for (const cell of cells) {
    const field = detailField(cell);
    if (field && (root.contains(field.element) || field.element.contains(root))) yield field;
  }
  yield null;
  for (const header of within(root, S.HEADER_PHONE)) yield { element: header, kind: 'phone' };
}

const INPUT_NAMES: ReadonlySet<string> = new Set(S.PHONE_INPUT_NAMES);

/**
 * The edit forms' phone inputs: the forms first (a list page has none, and its thousands of row
 * checkboxes are then never looked at), then inputs by tag and name, then the full selector.
 * PHONE_INPUTS as one query (ten selectors with descendant combinators) took 20–35 ms on the
 * bench's 5,000-row list, one long step of the first scan.
 */
function phoneInputs(root: Element): HTMLInputElement[] {
  const forms: Iterable<Element> = root.closest(S.EDIT_FORM)
    ? [root]
    : [...root.getElementsByTagName('form')].filter((form) => form.matches(S.EDIT_FORM));
  const found: HTMLInputElement[] = [];
  for (const scope of forms) {
    const candidates: Iterable<Element> =
      scope.localName === 'input' ? [scope] : scope.getElementsByTagName('input');
    for (const input of candidates) {
      const name = input.getAttribute('name');
      if (name !== null && INPUT_NAMES.has(name) && input.matches(S.PHONE_INPUTS))
        found.push(input as HTMLInputElement);
    }
  }
  return found;
}

function fieldOf(node: Node): FieldMatch | undefined {
  const cell = closestOf(node, `${S.LIST_PHONE_CELL}, ${S.RELATED_PHONE_CELL}`);
  if (cell) return listCell(cell);
  const header = closestOf(node, S.HEADER_PHONE);
  if (header) return { element: header, kind: 'phone' };
  const valueCell = closestOf(node, S.DETAIL_VALUE_CELL);
  if (!valueCell) return undefined;
  const field = detailField(valueCell);
  // Only when the node is inside the value itself (not the hidden edit span beside it).
  return field && field.element.contains(node) ? field : undefined;
}

function recordOfRow(row: Element): ContactHint {
  const doc = row.ownerDocument;
  const recordUrl = absoluteUrl(doc, row.getAttribute('data-recordurl'));
  const cell = (name: string) =>
    cleanText(row.querySelector(`td[data-name="${name}"]`)?.textContent);
  let name = cleanText(S.LIST_NAME_CELLS.map(cell).join(' '));
  if (!name) name = cell(S.LIST_ORG_CELL);
  if (!name && recordUrl) {
    // Related lists have no data-name: the record's name is the text of the links to it.
    const parts: string[] = [];
    for (const link of row.querySelectorAll('a[href]')) {
      if (absoluteUrl(doc, link.getAttribute('href')) === recordUrl)
        parts.push(cleanText(link.textContent));
    }
    name = cleanText(parts.join(' '));
  }
  const hint: ContactHint = {};
  if (name) hint.name = name;
  if (recordUrl) hint.recordUrl = recordUrl;
  return hint;
}

function detailUrl(
  doc: Document,
  module: string | null,
  record: string | null,
): string | undefined {
  if (!module || !record || !/^\d+$/.test(record) || !/^\w+$/.test(module)) return undefined;
  return absoluteUrl(doc, `index.php?module=${module}&view=Detail&record=${record}`);
}

function contactFor(
  element: Element,
  memo?: Map<Element, ContactHint | undefined>,
): ContactHint | undefined {
  const row = element.closest(S.LIST_ROW);
  if (row) return memoized(memo, row, recordOfRow);
  // A quick preview shows another record than the page's: read its own header.
  const preview = element.closest(S.QUICK_PREVIEW);
  return memoized(memo, preview ?? element.ownerDocument.documentElement, (scope) =>
    headerContact(scope.ownerDocument, preview),
  );
}

/** The record of a detail page or quick preview, from its header. */
function headerContact(doc: Document, preview: Element | null): ContactHint | undefined {
  const scope: ParentNode = preview ?? doc;
  const name = cleanText(scope.querySelector(S.HEADER_NAME)?.textContent);
  let recordUrl: string | undefined;
  if (preview) {
    const map = preview.querySelector(S.QUICK_PREVIEW_RECORD);
    recordUrl = detailUrl(
      doc,
      map?.getAttribute('data-module') ?? null,
      map?.getAttribute('data-record') ?? null,
    );
  } else {
    const page = new URL(doc.URL);
    if (page.searchParams.get('view') !== 'Detail') return undefined;
    const record =
      doc.querySelector<HTMLInputElement>(S.RECORD_ID)?.value ?? page.searchParams.get('record');
    recordUrl = detailUrl(doc, page.searchParams.get('module'), record);
  }
  const hint: ContactHint = {};
  if (name) hint.name = name;
  if (recordUrl) hint.recordUrl = recordUrl;
  return hint;
}

export const vtiger: Adapter = {
  id: 'vtiger',
  name: 'vTiger CRM',
  pages: vtigerPages,
  skip: S.SKIP,
  fields,
  fieldOf,
  phoneInputs,
  phoneLinks: (root) => within(root, S.PBX_PHONE_LINK),
  linkValue: (link) =>
    link.matches(S.PBX_PHONE_LINK) ? (link.getAttribute('data-value') ?? undefined) : undefined,
  labelFor(parent) {
    const cell = parent.closest(S.DETAIL_VALUE_CELL);
    const label = cell?.previousElementSibling;
    return label?.matches(S.DETAIL_LABEL_CELL)
      ? cleanText(label.textContent) || undefined
      : undefined;
  },
  contactFor,
  searchUrl(doc) {
    // vTiger's list search, on Contacts' office phone. It matches numbers stored in the same
    // form; the caller-ID cache (records seen on pages) is what usually names a caller.
    const params = JSON.stringify([[['phone', 'c', '{digits}']]]);
    return absoluteUrl(
      doc,
      `index.php?module=Contacts&view=List&search_params=${encodeURIComponent(params)}`,
    )?.replace(encodeURIComponent('{digits}'), '{digits}');
  },
};
