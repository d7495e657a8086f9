import { useEffect, useRef, type InputHTMLAttributes, type ReactNode, type SelectHTMLAttributes } from "react";
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
    <div ref={ref} tabIndex={-1} role={tone === "error" ? "alert" : "status"} className={`notice ${tone}`}>
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

/** The twelve regions, by name in the reader's language. */
export function RegionSelect({ defaultValue, error }: { defaultValue?: string; error?: string }) {
  const { t } = useTranslation();
  return (
    <SelectField name="regionCode" label={t("fields.region")} defaultValue={defaultValue ?? ""} error={error} required>
      <option value="" disabled>
        {t("fields.choose")}
      </option>
      {REGION_CODES.map((code) => (
        <option key={code} value={code}>
          {t(`regions.${code}`)}
        </option>
      ))}
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
export function FilterSelect({ name, label, value, allLabel, options }: { name: string; label: string; value: string; allLabel?: string; options: { value: string | number; label: string; lang?: string }[] }) {
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
