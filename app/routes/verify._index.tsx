import type { RouteHandle } from "~/root";
import { getFormProps } from "@conform-to/react";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { Link } from "~/components/link";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { ConformField, FormMessage, useSchemaForm } from "~/components/form";
import { Ltr } from "~/components/ltr";
import { checkCredentialFile } from "~/models/certificate.server";
import { getTranslator } from "~/utils/i18n.server";
import { hit } from "~/utils/rate-limit.server";
import { parseSubmission, rejectSubmission } from "~/utils/submission.server";

/** A visitor's copy depends only on the URL and the language: kept by the server (server/document-cache.js). */
export const handle: RouteHandle = { sameForEveryVisitor: true };

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title }, { name: "robots", content: "noindex" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const code = new URL(request.url).searchParams.get("code");
  if (code) throw redirect(`/verify/${encodeURIComponent(code.trim().slice(0, 40))}`);
  const t = await getTranslator(request);
  return { title: t("verify.formTitle") };
}

// A credential file (VC-JWT) pasted as text: a few kilobytes; anything larger is not one of ours.
const jwtSchema = z.object({ jwt: z.string({ required_error: "errors.required" }).trim().min(1, "errors.required").max(20_000, "errors.tooLong") });

/** Checks a pasted credential file as a verifier would: signature with our published key, issuer, status. */
export async function action({ request, context }: ActionFunctionArgs) {
  const wait = await hit("verifyIp", context?.clientIp ?? "unknown");
  if (wait) throw data({ reason: "tooMany" }, { status: 429, headers: { "Retry-After": String(wait) } });
  const { submission } = await parseSubmission(request, jwtSchema);
  if (submission.status !== "success") return rejectSubmission(submission);
  const outcome = await checkCredentialFile(submission.value.jwt);
  if (outcome.status !== "valid" && outcome.status !== "revoked")
    return rejectSubmission(submission, { status: 422, formErrors: [`verify.jwt.${outcome.status}`] });
  return { result: submission.reply(), outcome };
}

export default function VerifyForm() {
  useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation();
  const [form, fields] = useSchemaForm(jwtSchema, actionData?.result, "verify-jwt");
  const outcome = actionData && "outcome" in actionData ? actionData.outcome : null;
  return (
    <section className="page narrow" aria-labelledby="verify-form-title">
      <h1 id="verify-form-title">{t("verify.formTitle")}</h1>
      <p>{t("verify.formIntro")}</p>
      <Form method="get" className="stack">
        <div className="field">
          <label htmlFor="code">{t("verify.code")}</label>
          <input id="code" name="code" dir="ltr" placeholder="TMK-2026Q4-7F3K9H" required maxLength={40} autoCapitalize="characters" />
        </div>
        <button type="submit" className="button">
          {t("verify.check")}
        </button>
      </Form>
      <h2>{t("verify.jwt.title")}</h2>
      <p>{t("verify.jwt.intro")}</p>
      {form.errors?.[0] ? <FormMessage>{t(form.errors[0])}</FormMessage> : null}
      {outcome ? (
        <FormMessage tone={outcome.status === "valid" ? "success" : "error"}>
          {t(`verify.jwt.${outcome.status}`)}{" "}
          <Link to={`/verify/${outcome.code}`}>
            <Ltr>{outcome.code}</Ltr>
          </Link>
        </FormMessage>
      ) : null}
      <Form method="post" className="stack" {...getFormProps(form)}>
        <ConformField meta={fields.jwt} label={t("verify.jwt.label")} dir="ltr" autoComplete="off" spellCheck={false} />
        <button type="submit" className="button secondary">
          {t("verify.jwt.check")}
        </button>
      </Form>
      <p>
        <Link to="/verify/batch">{t("verify.batch.link")}</Link>
      </p>
    </section>
  );
}
