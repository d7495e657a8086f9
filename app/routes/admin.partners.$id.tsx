import { getFormProps } from "@conform-to/react";
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { Link } from "~/components/link";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import type { Partner } from "../../db/schema";
import { ConformCheckboxes, ConformField, FormMessage, errorKey, useSchemaForm } from "~/components/form";
import { Ltr } from "~/components/ltr";
import { localized } from "~/models/course.server";
import { listOfferings } from "~/models/offering.server";
import { attachPartnerStaff, detachPartnerStaff, getPartner, partnerOfferingIds, partnerStaff, setPartnerOfferings } from "~/models/partner.server";
import { assertFound, idParam } from "~/utils/http.server";
import { getLocale } from "~/utils/i18n.server";
import { requirePermission } from "~/utils/permissions.server";
import { parseSubmission, rejectSubmission } from "~/utils/submission.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.name }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requirePermission(request, { action: "manage:platform" });
  const partner = getPartner(idParam(params.id));
  assertFound(partner);
  const locale = await getLocale(request);
  return {
    id: partner.id,
    name: partner.name,
    linked: partnerOfferingIds(partner.id).map(String),
    offerings: listOfferings().map(({ offering, course }) => ({
      id: String(offering.id),
      course: localized(course.title, locale),
      period: offering.periodLabel,
    })),
    staff: partnerStaff(partner.id),
  };
}

const recordId = z
  .string({ required_error: "errors.invalid", invalid_type_error: "errors.invalid" })
  .regex(/^[1-9]\d{0,8}$/, "errors.invalid")
  .transform(Number);
const offeringsSchema = z.object({
  intent: z.literal("offerings"),
  // No box ticked sends nothing: an empty list unlinks every offering.
  offeringIds: z.array(recordId).max(5000, "errors.tooMany").default([]),
});
const attachSchema = z.object({
  intent: z.literal("attach"),
  email: z.string({ required_error: "errors.required", invalid_type_error: "errors.invalid" }).trim().max(254, "errors.tooLong").email("errors.emailInvalid"),
});
const detachSchema = z.object({ intent: z.literal("detach"), userId: recordId });
const actionSchema = z.discriminatedUnion("intent", [offeringsSchema, attachSchema, detachSchema], { errorMap: () => ({ message: "errors.unknownAction" }) });

type Submission = Awaited<ReturnType<typeof parseSubmission<typeof actionSchema>>>["submission"];

export async function action({ request, params }: ActionFunctionArgs) {
  await requirePermission(request, { action: "manage:platform" });
  const partner = getPartner(idParam(params.id));
  assertFound(partner);
  const { submission } = await parseSubmission(request, actionSchema);
  if (submission.status !== "success") return rejectSubmission(submission);
  const value = submission.value;
  switch (value.intent) {
    case "offerings":
      return offeringsAction(submission, partner, value.offeringIds);
    case "attach":
      return attachAction(submission, partner, value.email);
    case "detach":
      return detachAction(submission, partner, value.userId);
  }
}

function offeringsAction(submission: Submission, partner: Partner, ids: number[]) {
  const saved = setPartnerOfferings(partner.id, ids);
  if (!saved.ok) return rejectSubmission(submission, { status: 404, fieldErrors: { offeringIds: ["reports.partners.unknownOffering"] } });
  return redirect(`/admin/partners/${partner.id}?done=offerings`);
}

function attachAction(submission: Submission, partner: Partner, email: string) {
  const outcome = attachPartnerStaff(partner.id, email);
  if (outcome === "attached" || outcome === "already") return redirect(`/admin/partners/${partner.id}?done=${outcome}`);
  const status = outcome === "not-found" ? 404 : 409;
  return rejectSubmission(submission, { status, fieldErrors: { email: [`reports.partners.attach.${outcome}`] } });
}

function detachAction(submission: Submission, partner: Partner, userId: number) {
  if (!detachPartnerStaff(partner.id, userId)) return rejectSubmission(submission, { status: 404, formErrors: ["reports.partners.unknownStaff"] });
  return redirect(`/admin/partners/${partner.id}?done=detached`);
}

type ActionData = { result?: { initialValue?: Record<string, unknown> | null; error?: Record<string, string[] | null> } };

function resultOf(actionData: ActionData | undefined, intent: string) {
  return actionData?.result?.initialValue?.intent === intent ? actionData.result : undefined;
}

function DetachForm({ userId }: { userId: number }) {
  const { t } = useTranslation();
  const [form] = useSchemaForm(detachSchema, undefined, `detach-${userId}`);
  return (
    <Form method="post" className="inline-form" {...getFormProps(form)}>
      <input type="hidden" name="userId" value={userId} />
      <button type="submit" name="intent" value="detach" className="button small secondary">
        {t("reports.partners.detach")}
      </button>
    </Form>
  );
}

export default function AdminPartner() {
  const d = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as ActionData | undefined;
  const [params] = useSearchParams();
  const { t } = useTranslation();
  const [offeringsForm, offeringsFields] = useSchemaForm(offeringsSchema, resultOf(actionData, "offerings"), "partner-offerings", { offeringIds: d.linked });
  const [attachForm, attachFields] = useSchemaForm(attachSchema, resultOf(actionData, "attach"), "partner-attach");
  const done = params.get("done");
  const pageError = resultOf(actionData, "detach")?.error?.[""]?.[0] ?? actionData?.result?.error?.intent?.[0];
  return (
    <section aria-labelledby="partner-title">
      <p>
        <Link to="/admin/partners">{t("reports.partners.title")}</Link>
      </p>
      <h1 id="partner-title">
        <bdi>{d.name}</bdi>
      </h1>
      {params.get("created") ? <FormMessage tone="success">{t("reports.partners.created")}</FormMessage> : null}
      {done && ["offerings", "attached", "already", "detached"].includes(done) ? (
        <FormMessage tone="success">{t(`reports.partners.done.${done}`)}</FormMessage>
      ) : null}
      {pageError ? <FormMessage>{t(errorKey(pageError))}</FormMessage> : null}
      <div className="columns">
        <div>
          <h2>{t("reports.partners.linkedOfferings")}</h2>
          <p className="hint">{t("reports.partners.linkedHint")}</p>
          <Form method="post" className="stack" {...getFormProps(offeringsForm)}>
            <input type="hidden" name="intent" value="offerings" />
            <ConformCheckboxes
              meta={offeringsFields.offeringIds}
              legend={t("reports.partners.offerings")}
              options={d.offerings.map((o) => ({
                value: o.id,
                label: (
                  <>
                    <bdi>{o.course}</bdi> <Ltr>{o.period}</Ltr>
                  </>
                ),
              }))}
            />
            <button type="submit" className="button">
              {t("admin.save")}
            </button>
          </Form>
        </div>
        <div className="narrow">
          <h2>{t("reports.partners.staff")}</h2>
          {d.staff.length ? (
            <ul className="plain-list">
              {d.staff.map((s) => (
                <li key={s.id}>
                  <bdi>{s.displayName}</bdi> <Ltr>{s.email}</Ltr> <DetachForm userId={s.id} />
                </li>
              ))}
            </ul>
          ) : (
            <p>{t("reports.partners.noStaff")}</p>
          )}
          <Form method="post" className="stack" {...getFormProps(attachForm)}>
            <input type="hidden" name="intent" value="attach" />
            <ConformField meta={attachFields.email} type="email" label={t("fields.email")} hint={t("reports.partners.attachHint")} dir="ltr" />
            <button type="submit" className="button secondary">
              {t("reports.partners.attachSubmit")}
            </button>
          </Form>
        </div>
      </div>
    </section>
  );
}
