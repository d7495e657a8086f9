const NNBSP = "\u202F"; // narrow no-break space: before ; ! ?
const NBSP = "\u00A0"; // no-break space: before : and inside « »

/**
 * French typography applied when a French lesson is compiled, so authors type ordinary spaces and a phone never
 * breaks a line between a word and its "?" or opens a line with "»". Only spaces the author typed are changed
 * (none is invented before a colon: "https:" and "10:30" stay as they are); guillemets always get their space.
 */
export function frenchTypography(text: string): string {
  return text
    .replace(/[ \t\u00A0\u202F]+([;!?])/g, `${NNBSP}$1`)
    .replace(/[ \t\u00A0\u202F]+:/g, `${NBSP}:`)
    .replace(/«[ \t\u00A0\u202F]*/g, `«${NBSP}`)
    .replace(/[ \t\u00A0\u202F]*»/g, `${NBSP}»`);
}
