// @ts-check
// Plain JavaScript: the PGlite store's worker writes dumps with it, as the memory store does.

/**
 * `text` as a field of COPY's text format: backslash escapes (NULL is `\N`, written by the caller).
 * @param {string} text
 * @returns {string}
 */
export function copyField(text) {
  return text.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r');
}
