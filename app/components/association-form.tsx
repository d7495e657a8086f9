import { Form, Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { ASSOCIATION_STATUSES } from "../../db/enums";
import { Field, RegionSelect, SelectField, useFocusFirstError } from "./form";
import { emailField, personName, regionField } from "~/utils/forms";

const currentYear = new Date().getFullYear();

export const associationSchema = z.object({
  name: personName(150),
  regionCode: regionField,
  city: personName(80),
  foundingYear: z
    .string()
    .trim()
    .optional()
    .transform((v) => (v ? v : null))
    .pipe(z.coerce.number({ invalid_type_error: "errors.yearInvalid" }).int("errors.yearInvalid").min(1900, "errors.yearInvalid").max(currentYear, "errors.yearInvalid").nullable()),
  focusAreas: z
    .string()
    .optional()
    .transform((v) =>
      (v ?? "")
        .split(/[,،\n]/)
        .map((s) => s.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.string().max(40, "errors.tooLong")).max(10, "errors.tooMany")),
  contactEmail: z
    .string()
    .trim()
    .optional()
    .transform((v) => (v ? v : undefined))
    .pipe(emailField.optional())
    .transform((v) => v ?? null),
  status: z.enum(ASSOCIATION_STATUSES, { errorMap: () => ({ message: "errors.invalidChoice" }) }),
});

export type AssociationFormValues = Partial<Record<keyof z.infer<typeof associationSchema>, string>>;

export function AssociationForm({ values, errors, submitLabel }: { values: AssociationFormValues; errors?: Record<string, string>; submitLabel: string }) {
  const { t } = useTranslation();
  useFocusFirstError(errors);
  return (
    <Form method="post" noValidate className="stack">
      <Field name="name" label={t("fields.associationName")} required maxLength={150} defaultValue={values.name} error={errors?.name} />
      <RegionSelect defaultValue={values.regionCode ?? ""} error={errors?.regionCode} />
      <Field name="city" label={t("fields.city")} required maxLength={80} defaultValue={values.city} error={errors?.city} />
      <Field name="foundingYear" label={t("fields.foundingYear")} inputMode="numeric" dir="ltr" defaultValue={values.foundingYear} error={errors?.foundingYear} />
      <Field name="focusAreas" label={t("fields.focusAreas")} hint={t("fields.focusAreasHint")} defaultValue={values.focusAreas} error={errors?.focusAreas} />
      <Field name="contactEmail" type="email" label={t("fields.contactEmail")} dir="ltr" defaultValue={values.contactEmail} error={errors?.contactEmail} />
      <SelectField name="status" label={t("fields.status")} defaultValue={values.status ?? "active"} error={errors?.status}>
        {ASSOCIATION_STATUSES.map((s) => (
          <option key={s} value={s}>
            {t(`associationStatus.${s}`)}
          </option>
        ))}
      </SelectField>
      <p className="actions">
        <button type="submit" className="button">
          {submitLabel}
        </button>
        <Link to="/admin/associations">{t("admin.cancel")}</Link>
      </p>
    </Form>
  );
}
