import { getFormProps } from "@conform-to/react";
import { Form } from "@remix-run/react";
import { Link } from "~/components/link";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { ASSOCIATION_STATUSES, REGION_CODES } from "../../db/enums";
import { ConformField, ConformSelect, ErrorSummary, useSchemaForm } from "./form";
import { emailField, personName, regionField } from "~/utils/forms";

const currentYear = new Date().getFullYear();

/** The association form, the same on the page and in the action; the action adds "name already taken". */
export const associationName = personName(150);
export const associationSchema = z.object({
  name: associationName,
  regionCode: regionField,
  city: personName(80),
  foundingYear: z
    .number({ invalid_type_error: "errors.yearInvalid" })
    .int("errors.yearInvalid")
    .min(1900, "errors.yearInvalid")
    .max(currentYear, "errors.yearInvalid")
    .nullable()
    .default(null),
  focusAreas: z
    .string()
    .max(1000, "errors.tooLong")
    .optional()
    .transform((v) =>
      (v ?? "")
        .split(/[,،\n]/)
        .map((s) => s.trim())
        .filter(Boolean),
    )
    .pipe(
      z
        .array(z.string())
        .max(10, "errors.tooMany")
        .refine((areas) => areas.every((a) => a.length <= 40), "errors.tooLong"),
    ),
  contactEmail: emailField.optional().transform((v) => v ?? null),
  status: z.enum(ASSOCIATION_STATUSES, { errorMap: () => ({ message: "errors.invalidChoice" }) }),
});

export type AssociationFormValues = Partial<Record<keyof z.input<typeof associationSchema>, string>>;

export function AssociationForm({ defaults, lastResult, submitLabel }: { defaults?: AssociationFormValues; lastResult: unknown; submitLabel: string }) {
  const { t } = useTranslation();
  const [form, fields] = useSchemaForm(associationSchema, lastResult, "association", { status: "active", ...defaults });
  const labels = {
    name: t("fields.associationName"),
    regionCode: t("fields.region"),
    city: t("fields.city"),
    foundingYear: t("fields.foundingYear"),
    focusAreas: t("fields.focusAreas"),
    contactEmail: t("fields.contactEmail"),
    status: t("fields.status"),
  };
  return (
    <>
      <ErrorSummary form={form} labels={labels} />
      <Form method="post" className="stack" {...getFormProps(form)}>
        <ConformField meta={fields.name} label={labels.name} maxLength={150} />
        <ConformSelect meta={fields.regionCode} label={labels.regionCode}>
          <option value="">{t("fields.choose")}</option>
          {REGION_CODES.map((code) => (
            <option key={code} value={code}>
              {t(`regions.${code}`)}
            </option>
          ))}
        </ConformSelect>
        <ConformField meta={fields.city} label={labels.city} maxLength={80} />
        <ConformField meta={fields.foundingYear} label={labels.foundingYear} inputMode="numeric" dir="ltr" />
        <ConformField meta={fields.focusAreas} label={labels.focusAreas} hint={t("fields.focusAreasHint")} />
        <ConformField meta={fields.contactEmail} type="email" label={labels.contactEmail} dir="ltr" />
        <ConformSelect meta={fields.status} label={labels.status}>
          {ASSOCIATION_STATUSES.map((s) => (
            <option key={s} value={s}>
              {t(`associationStatus.${s}`)}
            </option>
          ))}
        </ConformSelect>
        <p className="actions">
          <button type="submit" className="button">
            {submitLabel}
          </button>
          <Link to="/admin/associations">{t("admin.cancel")}</Link>
        </p>
      </Form>
    </>
  );
}
