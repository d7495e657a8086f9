import {
  getCollectionProps,
  getInputProps,
  getSelectProps,
  getTextareaProps,
  useForm,
  type FieldMetadata,
  type FormMetadata,
  type SubmissionResult,
} from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import { useEffect, useRef, type InputHTMLAttributes, type ReactNode, type SelectHTMLAttributes, type TextareaHTMLAttributes } from "react";
import type { ZodTypeAny } from "zod";
import { formErrorMap } from "~/utils/form-errors";
import { useTranslation } from "react-i18next";
import { REGION_CODES } from "../../db/enums";
import { LOCALE_NAMES, SUPPORTED_LOCALES } from "~/utils/i18n";

type FieldProps = {
  name: string;
  label: string;
  error?: string;
  hint?: string;
} & InputHTMLAttributes<HTMLInputElement>;

/** Label, input, hint and translated error, wired with aria-invalid and aria-describedby. */
export function Field({ name, label, error, hint, id, ...input }: FieldProps) {
  const { t } = useTranslation();
  const fieldId = id ?? `field-${name}`;
  const describedBy = [hint ? `${fieldId}-hint` : null, error ? `${fieldId}-error` : null].filter(Boolean).join(" ") || undefined;
  return (
    <div className="field">
      <label htmlFor={fieldId}>{label}</label>
      {hint ? (
        <p className="hint" id={`${fieldId}-hint`}>
          {hint}
        </p>
      ) : null}
      <input id={fieldId} name={name} aria-invalid={error ? true : undefined} aria-describedby={describedBy} {...input} />
      {error ? (
        <p className="field-error" id={`${fieldId}-error`}>
          {t(error)}
        </p>
      ) : null}
    </div>
  );
}

type SelectProps = { name: string; label: string; error?: string; children: ReactNode } & SelectHTMLAttributes<HTMLSelectElement>;

export function SelectField({ name, label, error, children, id, ...select }: SelectProps) {
  const { t } = useTranslation();
  const fieldId = id ?? `field-${name}`;
  return (
    <div className="field">
      <label htmlFor={fieldId}>{label}</label>
      <select id={fieldId} name={name} aria-invalid={error ? true : undefined} aria-describedby={error ? `${fieldId}-error` : undefined} {...select}>
        {children}
      </select>
      {error ? (
        <p className="field-error" id={`${fieldId}-error`}>
          {t(error)}
        </p>
      ) : null}
    </div>
  );
}

/** A form-level message (role="alert"); takes focus so screen readers and keyboards land on it. */
export function FormMessage({ children, tone = "error" }: { children: ReactNode; tone?: "error" | "success" }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    ref.current?.focus();
  }, [children]);
  return (
    // eslint-disable-next-line jsx-a11y/no-autofocus -- the message takes the focus, also without JavaScript
    <div ref={ref} tabIndex={-1} autoFocus role={tone === "error" ? "alert" : "status"} className={`notice ${tone}`}>
      {children}
    </div>
  );
}

/** Moves focus to the first invalid field after a failed submission. */
export function useFocusFirstError(errors: Record<string, string> | undefined) {
  useEffect(() => {
    if (!errors) return;
    const first = document.querySelector<HTMLElement>("[aria-invalid='true']");
    first?.focus();
  }, [errors]);
}

/** The twelve regions as options, by name in the reader's language, after a "choose" placeholder. */
export function RegionOptions() {
  const { t } = useTranslation();
  return (
    <>
      <option value="" disabled>
        {t("fields.choose")}
      </option>
      {REGION_CODES.map((code) => (
        <option key={code} value={code}>
          {t(`regions.${code}`)}
        </option>
      ))}
    </>
  );
}

/** The twelve regions, by name in the reader's language. */
export function RegionSelect({ defaultValue, error }: { defaultValue?: string; error?: string }) {
  const { t } = useTranslation();
  return (
    <SelectField name="regionCode" label={t("fields.region")} defaultValue={defaultValue ?? ""} error={error} required>
      <RegionOptions />
    </SelectField>
  );
}

/** The interface languages, each named in itself. */
export function LocaleSelect({ defaultValue, error }: { defaultValue?: string; error?: string }) {
  const { t } = useTranslation();
  return (
    <SelectField name="locale" label={t("fields.locale")} defaultValue={defaultValue} error={error}>
      {SUPPORTED_LOCALES.map((l) => (
        <option key={l} value={l} lang={l}>
          {LOCALE_NAMES[l]}
        </option>
      ))}
    </SelectField>
  );
}

/** A select for a GET filter form whose first choice, the empty value, means "all". */
export function FilterSelect({
  name,
  label,
  value,
  allLabel,
  options,
}: {
  name: string;
  label: string;
  value: string;
  allLabel?: string;
  options: { value: string | number; label: string; lang?: string }[];
}) {
  const { t } = useTranslation();
  return (
    <div className="field">
      <label htmlFor={name}>{label}</label>
      <select id={name} name={name} defaultValue={value}>
        <option value="">{allLabel ?? t("admin.all")}</option>
        {options.map((o) => (
          <option key={o.value} value={o.value} lang={o.lang}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

// ---------- The form contract in the browser (conform) ----------

type FieldMeta = FieldMetadata<any, any, any>;

/** The conform options every form shares. */
function useConform<Schema extends ZodTypeAny>(
  schema: Schema,
  lastResult: unknown,
  id?: string,
  defaultValue?: Record<string, string | string[] | null | undefined>,
) {
  return useForm({
    id,
    // An edit form's current values, as strings the way the inputs hold them; conform replaces them by the submitted ones on error.
    defaultValue: defaultValue as never,
    // Serialised through the loader's JSON, the result loses its exact type; it is the action's submission.reply().
    lastResult: lastResult as SubmissionResult<string[]> | null | undefined,
    constraint: getZodConstraint(schema),
    // Validating on blur moved the submit button under the pointer (a click right after typing could miss it): on submit,
    // then again as the person corrects.
    shouldValidate: "onSubmit",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema, errorMap: formErrorMap }),
  });
}

/** A long form's error summary takes the focus (it lists and links every field); otherwise the first field to correct. */
function focusFirstError(formId: string) {
  const summary = document.querySelector<HTMLElement>(`[data-error-summary="${CSS.escape(formId)}"]`);
  (summary ?? document.getElementById(formId)?.querySelector<HTMLElement>("[aria-invalid='true']"))?.focus();
}

/**
 * One schema, parsed the same way here and in the action; errors are i18next keys, translated where shown. After a
 * refused submission the error summary, or else the first field to correct, takes the focus (without JavaScript the
 * server-rendered summary is at the top of the page, where reading starts).
 */
export function useSchemaForm<Schema extends ZodTypeAny>(
  schema: Schema,
  lastResult: unknown,
  id?: string,
  defaultValue?: Record<string, string | string[] | null | undefined>,
) {
  const [form, fields] = useConform(schema, lastResult, id, defaultValue);
  // The server refused it.
  useEffect(() => {
    if ((lastResult as SubmissionResult<string[]> | null | undefined)?.status === "error") focusFirstError(form.id);
  }, [lastResult, form.id]);
  // The browser refused it (conform reports the errors but leaves the focus on the button): after React rendered them.
  useEffect(() => {
    const onSubmit = (event: Event) => {
      if (event.target instanceof HTMLFormElement && event.target.id === form.id && event.defaultPrevented)
        requestAnimationFrame(() => focusFirstError(form.id));
    };
    // On window, so it runs after React's own submit handler (on the document) has decided.
    window.addEventListener("submit", onSubmit);
    return () => window.removeEventListener("submit", onSubmit);
  }, [form.id]);
  return [form, fields] as const;
}

/** zod's own messages ("Required", "Expected string…") are not keys: show the generic translated ones instead. */
export function errorKey(message: string) {
  if (message === "Required") return "errors.required";
  return /^[a-zA-Z]+\.[\w.]+$/.test(message) ? message : "errors.invalid";
}

type ConformFieldProps = {
  meta: FieldMeta;
  label: string;
  hint?: string;
  type?: "text" | "email" | "password" | "number" | "date" | "datetime-local" | "tel" | "url" | "file" | "color";
} & Omit<InputHTMLAttributes<HTMLInputElement>, "name" | "type" | "id" | "defaultValue" | "form">;

/** A field's first error, translated, under the id its control points to with aria-describedby. */
export function FieldError({ meta }: { meta: FieldMeta }) {
  const { t } = useTranslation();
  const error = meta.errors?.[0];
  return error ? (
    <p className="field-error" id={meta.errorId}>
      {t(errorKey(error))}
    </p>
  ) : null;
}

/** The frame every conform field shares: its label, an optional hint, the control, and its translated error. */
function FieldFrame({ meta, label, hint, hintId, children }: { meta: FieldMeta; label: string; hint?: string; hintId?: string; children: ReactNode }) {
  return (
    <div className="field">
      <label htmlFor={meta.id}>{label}</label>
      {hint ? (
        <p className="hint" id={hintId}>
          {hint}
        </p>
      ) : null}
      {children}
      <FieldError meta={meta} />
    </div>
  );
}

/** Label, input, hint and translated error, wired by conform (aria-invalid, aria-describedby, value kept on error). */
export function ConformField({ meta, label, hint, type = "text", ...input }: ConformFieldProps) {
  const hintId = hint ? `${meta.id}-hint` : undefined;
  const props = getInputProps(meta, { type, ariaDescribedBy: hintId });
  return (
    <FieldFrame meta={meta} label={label} hint={hint} hintId={hintId}>
      <input
        {...props}
        {...(type === "password" ? { defaultValue: undefined } : null)}
        // eslint-disable-next-line jsx-a11y/no-autofocus -- only on a field to correct: without JavaScript, the browser focuses it
        autoFocus={meta.errors?.length ? true : undefined}
        {...input}
        key={props.key}
      />
    </FieldFrame>
  );
}

/**
 * The list of what to correct, at the top of a long form, rendered by the server too (so it works without JavaScript);
 * each entry links to its field. useSchemaForm gives it the focus after a refused submission.
 */
export function ErrorSummary({ form, labels }: { form: FormMetadata<any, string[]>; labels: Record<string, string> }) {
  const { t } = useTranslation();
  const fields = form.allErrors;
  const entries = Object.entries(fields).filter(([name, errors]) => name !== form.id && errors.length > 0);
  const formErrors = form.errors ?? [];
  const any = entries.length > 0 || formErrors.length > 0;
  if (!any) return null;
  return (
    // eslint-disable-next-line jsx-a11y/no-autofocus -- the summary takes the focus, also without JavaScript (it comes first in the page)
    <div role="alert" tabIndex={-1} autoFocus data-error-summary={form.id} className="notice error error-summary" aria-labelledby={`${form.id}-summary`}>
      <p id={`${form.id}-summary`}>
        <strong>{t("forms.summary", { count: entries.length + formErrors.length })}</strong>
      </p>
      <ul>
        {formErrors.map((e) => (
          <li key={e}>{t(errorKey(e))}</li>
        ))}
        {entries.map(([name, errors]) => (
          <li key={name}>
            <a href={`#${form.id}-${name}`}>
              {labels[name] ?? name}: {t(errorKey(errors[0]!))}
            </a>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** A textarea under the form contract: label, hint, translated error, aria wiring and value kept on error by conform. */
export function ConformTextarea({
  meta,
  label,
  hint,
  ...textarea
}: { meta: FieldMeta; label: string; hint?: string } & Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, "name" | "id" | "defaultValue" | "form">) {
  const hintId = hint ? `${meta.id}-hint` : undefined;
  const props = getTextareaProps(meta, { ariaDescribedBy: hintId });
  return (
    <FieldFrame meta={meta} label={label} hint={hint} hintId={hintId}>
      {/* eslint-disable-next-line jsx-a11y/no-autofocus -- only on a field to correct: without JavaScript, the browser focuses it */}
      <textarea {...props} autoFocus={meta.errors?.length ? true : undefined} {...textarea} key={props.key} />
    </FieldFrame>
  );
}

/** useSchemaForm for a form that starts from saved values (an edit form). */
export function useSchemaFormWithDefaults<Schema extends ZodTypeAny>(
  schema: Schema,
  lastResult: unknown,
  id: string,
  defaultValue: Record<string, string | null | undefined>,
) {
  return useSchemaForm(schema, lastResult, id, defaultValue);
}

type ConformSelectProps = { meta: FieldMeta; label: string; hint?: string; children: ReactNode } & Omit<
  SelectHTMLAttributes<HTMLSelectElement>,
  "name" | "id" | "defaultValue" | "form"
>;

/** A select wired like ConformField: the chosen value kept on error, aria-invalid and aria-describedby to its error. */
export function ConformSelect({ meta, label, hint, children, ...select }: ConformSelectProps) {
  const hintId = hint ? `${meta.id}-hint` : undefined;
  const props = getSelectProps(meta, { ariaDescribedBy: hintId });
  return (
    <FieldFrame meta={meta} label={label} hint={hint} hintId={hintId}>
      {/* With no value yet, "" selects the placeholder option (a select would otherwise pick its first enabled option). */}
      {/* eslint-disable-next-line jsx-a11y/no-autofocus -- only on a field to correct: without JavaScript, the browser focuses it */}
      <select {...props} defaultValue={props.defaultValue ?? ""} autoFocus={meta.errors?.length ? true : undefined} {...select} key={props.key}>
        {children}
      </select>
    </FieldFrame>
  );
}

/** A form-level error is either a key or, when it needs values, a small JSON object with the key and its values. */
export function formErrorText(t: (key: string, options?: Record<string, unknown>) => string, message: string) {
  if (!message.startsWith("{")) return t(errorKey(message));
  try {
    const { key, ...values } = JSON.parse(message) as { key: string } & Record<string, unknown>;
    return t(errorKey(key), values);
  } catch {
    return t("errors.invalid");
  }
}

/**
 * A group of checkboxes (several values under one name) in a fieldset whose legend names it; the error is tied to the
 * fieldset with aria-describedby, and each box says it is invalid. The id of the fieldset is the field's id, so the
 * error summary's link lands on it.
 */
export function ConformCheckboxes({
  meta,
  legend,
  options,
}: {
  meta: FieldMeta;
  legend: string;
  options: { value: string; label: ReactNode; lang?: string }[];
}) {
  const error = meta.errors?.[0];
  const boxes = getCollectionProps(meta, { type: "checkbox", options: options.map((o) => o.value) });
  return (
    <fieldset className="field" id={meta.id} tabIndex={-1} aria-describedby={error ? meta.errorId : undefined}>
      <legend>{legend}</legend>
      {boxes.map((props, i) => (
        <label key={props.key} className="check">
          <input {...props} id={`${meta.id}-${i}`} key={props.key} /> <span lang={options[i]!.lang}>{options[i]!.label}</span>
        </label>
      ))}
      <FieldError meta={meta} />
    </fieldset>
  );
}
