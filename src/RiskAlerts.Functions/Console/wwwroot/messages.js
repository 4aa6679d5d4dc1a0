// Problem details in the reader's language: the API's stable codes (the problem's `code`, each
// error's `code`, `field` and `limit`) mapped to the console's strings, never its English sentences.
// Free of the page, so that node's test runner checks it (tests/console).

/** The field a path names, without list indexes: `regions[1]` is `regions`, `contacts[0].mobile` is `contacts.mobile`. */
export function baseField(path) {
  return String(path ?? '').replace(/\[\d+\]/g, '');
}

/** The 1-based item number a path names, if it names an item of a list (`regions[1]` is 2). */
export function itemNumber(path) {
  const match = /\[(\d+)\][^[]*$/.exec(String(path ?? ''));
  return match ? Number(match[1]) + 1 : null;
}

/**
 * What to show for a refused request: a title from the problem's code and one message per field
 * error, each with the field it belongs to. `text(key, values)` looks a string up, returning
 * undefined for a key it does not know.
 */
export function describeProblem(status, problem, text) {
  const title = text(`problem.${problem?.code}`) ?? text(`problem.status${status}`) ?? text('problem.Other', { status });
  const errors = (problem?.errors ?? []).map((error) => {
    const field = baseField(error.field);
    const label = text(`field.${field}`) ?? text('field.unknown');
    const number = itemNumber(error.field);
    const reason = text(`code.${error.code}`, { limit: error.limit ?? '' }) ?? text('code.Invalid');
    const where = number ? text('itemOf', { label, number }) : label;
    return { field, path: error.field, message: reason, summary: text('fieldMessage', { label: where, message: reason }) };
  });
  return { title, errors };
}
