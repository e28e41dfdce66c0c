/**
 * vTiger CRM selectors. Measured on vTiger 8.2 (fixtures/ are saved pages of it); vTiger 7.x
 * uses the same "v7" layout templates (layouts/v7/), so the same markup. Each selector names the
 * screen it targets. Adapters never change these elements; they only read them.
 */

/**
 * List view (index.php?module=Contacts&view=List): a phone column's cell.
 * `<td class="listViewEntryValue" data-name="mobile" data-field-type="phone" data-rawvalue=…>`.
 * `data-name` is the field name, so the fax column is told apart by it.
 */
export const LIST_PHONE_CELL = 'td.listViewEntryValue[data-field-type="phone"]';

/**
 * Related list (an Organization's Contacts tab, mode=showRelatedList): a phone column's cell.
 * It has no data-name; the field type is all there is.
 */
export const RELATED_PHONE_CELL = 'td.relatedListEntryValues[data-field-type="phone"]';

/**
 * Detail view, both tabs: a field's value cell. The full tab marks the value
 * `span.value[data-field-type="phone"]`; the summary tab marks it only through the hidden
 * inline-edit input below (measured on 8.2: the span has no type there).
 */
export const DETAIL_VALUE_CELL = 'td.fieldValue';
export const DETAIL_VALUE = 'span.value';
export const DETAIL_PHONE_VALUE = 'span.value[data-field-type="phone"]';
/** Inline edit's data: `<input type="hidden" class="fieldBasicData" data-name="mobile" data-type="phone">`. */
export const DETAIL_FIELD_DATA = 'input.fieldBasicData';
export const DETAIL_PHONE_DATA = 'input.fieldBasicData[data-type="phone"]';
/** The caption cell before a value cell (detail and summary tables). */
export const DETAIL_LABEL_CELL = 'td.fieldLabel';

/** Record header (detail, summary, related tabs and the quick preview): the primary phone. */
export const HEADER_PHONE = '.recordBasicInfo span.phone.value';
/** Record header: the record's name, e.g. `<span class="recordLabel" title="Ivan Petrov">`. */
export const HEADER_NAME = '.recordBasicInfo .recordLabel';
/** The record id on detail pages: `<input id="recordId" type="hidden" value="5">`. */
export const RECORD_ID = 'input#recordId';

/** Quick preview (the eye icon in a list row): its container and its record's module/id. */
export const QUICK_PREVIEW = '.quickPreview';
export const QUICK_PREVIEW_RECORD = 'a.showMap[data-module][data-record]';

/** A list or related-list row: `<tr class="listViewEntries" data-recordurl="index.php?…">`. */
export const LIST_ROW = 'tr.listViewEntries';
/** Name cells of a list row, by field: people first, then organizations. */
export const LIST_NAME_CELLS = ['firstname', 'lastname'] as const;
export const LIST_ORG_CELL = 'accountname';

/**
 * With vTiger's own PBX Manager module on, phone values are already links:
 * `<a class="phoneField" data-value="+79161234567" onclick="Vtiger_PBXManager_Js.registerPBXOutboundCall(…)">`.
 * They are taken over: the click calls through Callbridge and vTiger's onclick does not run.
 */
export const PBX_PHONE_LINK = 'a.phoneField[data-value]';

/**
 * Edit view and quick create: the standard phone inputs (fax is left out: not callable). The
 * list view's search row has inputs with the same names (`input.listSearchContributor`), which
 * are filters, not numbers, so only inputs inside an edit or quick-create form count.
 */
export const PHONE_INPUT_NAMES = [
  'phone',
  'mobile',
  'homephone',
  'otherphone',
  'assistantphone',
] as const;
const EDIT_FORMS = ['form#EditView', 'form[name="QuickCreate"]'];
/** The edit view's and quick create's forms: phone inputs outside them are list filters. */
export const EDIT_FORM = EDIT_FORMS.join(', ');
export const PHONE_INPUTS = EDIT_FORMS.flatMap((form) =>
  PHONE_INPUT_NAMES.map((name) => `${form} input[name="${name}"]:not([type="hidden"])`),
).join(', ');

/**
 * Never scanned: the hidden JSON of UI strings every page carries (`#js_strings`), the list
 * search row, and value cells typed as dates, times or amounts (`23-11-2026 09:55 AM` sits
 * beside phone numbers on every detail page).
 */
export const SKIP = [
  '#js_strings',
  'tr.searchRow',
  '[data-field-type="date"]',
  '[data-field-type="datetime"]',
  '[data-field-type="time"]',
  '[data-field-type="currency"]',
  '[data-field-type="double"]',
  '[data-field-type="integer"]',
  '[data-field-type="email"]',
  '[data-field-type="url"]',
].join(', ');

/** The fax field's name in every module. */
export const FAX_FIELD = 'fax';
