import { getFormProps } from "@conform-to/react";
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { Link } from "~/components/link";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { ConformField, FormMessage, useSchemaForm } from "~/components/form";
import { createPartner, listPartners, partnerNameTaken } from "~/models/partner.server";
import { formatNumber } from "~/utils/i18n";
import { getTranslator } from "~/utils/i18n.server";
import { requirePermission } from "~/utils/permissions.server";
import { parseSubmission, rejectSubmission } from "~/utils/submission.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, { action: "manage:platform" });
  const t = await getTranslator(request);
  return { title: t("reports.partners.title"), partners: listPartners() };
}

const partnerSchema = z.object({
  name: z
    .string({ required_error: "errors.required", invalid_type_error: "errors.invalid" })
    .trim()
    .min(2, "errors.required")
    .max(120, "errors.tooLong")
    // eslint-disable-next-line no-control-regex -- control and bidi-override characters never belong in a name
    .refine((v) => !/[\u0000-\u001f\u007f\u202a-\u202e\u2066-\u2069]/.test(v), "errors.invalidCharacters"),
});
const serverSchema = partnerSchema.extend({
  name: partnerSchema.shape.name.refine((name) => !partnerNameTaken(name), "reports.partners.nameTaken"),
});

export async function action({ request }: ActionFunctionArgs) {
  await requirePermission(request, { action: "manage:platform" });
  const { submission } = await parseSubmission(request, serverSchema);
  if (submission.status !== "success") return rejectSubmission(submission);
  const created = createPartner(submission.value.name);
  if (!created) return rejectSubmission(submission, { fieldErrors: { name: ["reports.partners.nameTaken"] } });
  return redirect(`/admin/partners/${created.id}?created=1`);
}

export default function AdminPartners() {
  const { partners } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const { t, i18n } = useTranslation();
  const [form, fields] = useSchemaForm(partnerSchema, actionData?.result, "partner-new");
  return (
    <section aria-labelledby="partners-title">
      <h1 id="partners-title">{t("reports.partners.title")}</h1>
      <p className="hint">{t("reports.partners.intro")}</p>
      {params.get("saved") ? <FormMessage tone="success">{t("reports.partners.saved")}</FormMessage> : null}
      {partners.length ? (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t("reports.partners.name")}</th>
                <th scope="col">{t("reports.partners.staff")}</th>
                <th scope="col">{t("reports.partners.offerings")}</th>
              </tr>
            </thead>
            <tbody>
              {partners.map((p) => (
                <tr key={p.id}>
                  <td>
                    <Link to={`/admin/partners/${p.id}`}>
                      <bdi>{p.name}</bdi>
                    </Link>
                  </td>
                  <td>{formatNumber(p.staff, i18n.language)}</td>
                  <td>{formatNumber(p.offerings, i18n.language)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p>{t("reports.partners.none")}</p>
      )}
      <h2>{t("reports.partners.create")}</h2>
      <Form method="post" className="stack narrow" {...getFormProps(form)}>
        <ConformField meta={fields.name} label={t("reports.partners.name")} autoComplete="organization" />
        <button type="submit" className="button">
          {t("reports.partners.create")}
        </button>
      </Form>
    </section>
  );
}
