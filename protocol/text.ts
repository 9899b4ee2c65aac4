import { z } from "zod";

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
// C0 controls except tab, LF and CR; DEL; C1 controls.
// eslint-disable-next-line no-control-regex
const CONTROL_MULTILINE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;
// eslint-disable-next-line no-control-regex
const CONTROL_ANY = /[\u0000-\u001F\u007F-\u009F]/;

/** A string of well-formed Unicode with no control characters other than tab and newlines. */
export function multilineText(max: number) {
  return z
    .string()
    .max(max)
    .refine((s) => !LONE_SURROGATE.test(s), "must be well-formed Unicode (no lone surrogates)")
    .refine((s) => !CONTROL_MULTILINE.test(s), "must not contain control characters");
}

/** A one-line string: like {@link multilineText} but without tabs or line breaks. */
export function singleLineText(max: number) {
  return z
    .string()
    .max(max)
    .refine((s) => !LONE_SURROGATE.test(s), "must be well-formed Unicode (no lone surrogates)")
    .refine((s) => !CONTROL_ANY.test(s), "must not contain control characters or line breaks");
}
