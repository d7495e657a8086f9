import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { TOO_LARGE, fileField, readFormData } from "~/utils/request-body.server";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { FormMessage } from "~/components/form";
import { brandingProblems, getBranding, setSetting, type Branding } from "~/models/settings.server";
import { requirePermission } from "~/utils/permissions.server";
import { saveBrandingImage } from "~/models/certificate/files.server";
import { getTranslator } from "~/utils/i18n.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title }];

const text = z.string().trim().min(1, "errors.required").max(150, "errors.tooLong");
const schema = z.object({
  centreAr: text,
  centreFr: text,
  partnerAr: text,
  partnerFr: text,
  sig0NameAr: text,
  sig0NameFr: text,
  sig0TitleAr: text,
  sig0TitleFr: text,
  sig1NameAr: text,
  sig1NameFr: text,
  sig1TitleAr: text,
  sig1TitleFr: text,
  colour: z.string().regex(/^#[0-9a-fA-F]{6}$/, "branding.colourInvalid"),
});

const BRANDING_IMAGE_LIMIT = 2 * 1024 * 1024;

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, { action: "manage:platform" });
  const t = await getTranslator(request);
  const branding = getBranding();
  return { title: t("branding.title"), branding, problems: brandingProblems(branding, true), previewKey: Date.now() };
}

export async function action({ request }: ActionFunctionArgs) {
  await requirePermission(request, { action: "manage:platform" });
  const form = await readFormData(request, { uploads: true });
  const raw = Object.fromEntries([...form].filter(([, v]) => typeof v === "string"));
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const errors: Record<string, string> = {};
    for (const issue of parsed.error.issues) errors[String(issue.path[0])] ??= issue.message;
    return data({ errors, imageError: null }, { status: 400 });
  }
  const current = getBranding();
  const images: Partial<Record<"centreLogo" | "partnerLogo" | "sig0" | "sig1", string>> = {};
  for (const field of ["centreLogo", "partnerLogo", "sig0", "sig1"] as const) {
    const file = fileField(form, field, BRANDING_IMAGE_LIMIT);
    if (file === TOO_LARGE) return data({ errors: {}, imageError: "branding.imageTooLarge" }, { status: 413 });
    if (file) {
      const key = await saveBrandingImage(new Uint8Array(await file.arrayBuffer()));
      if (!key) return data({ errors: {}, imageError: "branding.imageType" }, { status: 415 });
      images[field] = key;
    }
  }
  const v = parsed.data;
  const branding: Branding = {
    centre: { ar: v.centreAr, fr: v.centreFr },
    partner: { ar: v.partnerAr, fr: v.partnerFr },
    centreLogo: images.centreLogo ?? current.centreLogo,
    partnerLogo: images.partnerLogo ?? current.partnerLogo,
    colour: v.colour,
    signatories: [
      { name: { ar: v.sig0NameAr, fr: v.sig0NameFr }, title: { ar: v.sig0TitleAr, fr: v.sig0TitleFr }, signature: images.sig0 ?? current.signatories[0].signature },
      { name: { ar: v.sig1NameAr, fr: v.sig1NameFr }, title: { ar: v.sig1TitleAr, fr: v.sig1TitleFr }, signature: images.sig1 ?? current.signatories[1].signature },
    ],
  };
  setSetting("branding", branding);
  return redirect("/admin/branding?saved=1");
}

function Pair({ name, label, values, errors }: { name: string; label: string; values: { ar: string; fr: string }; errors?: Record<string, string> }) {
  const { t } = useTranslation();
  return (
    <div className="grid-2">
      {(["ar", "fr"] as const).map((l) => (
        <div className="field" key={l}>
          <label htmlFor={`${name}${l}`}>
            {label} ({l === "ar" ? "العربية" : "Français"})
          </label>
          <input id={`${name}${l}`} name={`${name}${l === "ar" ? "Ar" : "Fr"}`} defaultValue={values[l]} dir={l === "ar" ? "rtl" : "ltr"} lang={l} maxLength={150} aria-invalid={errors?.[`${name}${l === "ar" ? "Ar" : "Fr"}`] ? true : undefined} />
          {errors?.[`${name}${l === "ar" ? "Ar" : "Fr"}`] ? <p className="field-error">{t(errors[`${name}${l === "ar" ? "Ar" : "Fr"}`])}</p> : null}
        </div>
      ))}
    </div>
  );
}

export default function BrandingPage() {
  const { branding, problems, previewKey } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const { t } = useTranslation();
  const e = actionData?.errors as Record<string, string> | undefined;
  return (
    <section aria-labelledby="branding-title" className="narrow">
      <h1 id="branding-title">{t("branding.title")}</h1>
      <p>{t("branding.intro")}</p>
      {params.get("saved") ? <FormMessage tone="success">{t("branding.saved")}</FormMessage> : null}
      {actionData?.imageError ? <FormMessage>{t(actionData.imageError)}</FormMessage> : null}
      {problems.length ? (
        <div className="notice error" role="status" id="branding-problems">
          <p>{t("branding.problemsIntro")}</p>
          <ul>
            {problems.map((p) => (
              <li key={p}>{t(`branding.problem.${p}`)}</li>
            ))}
          </ul>
        </div>
      ) : null}
      <figure className="branding-preview">
        <iframe src={`/admin/branding/preview.pdf?v=${previewKey}`} title={t("branding.preview")} width="100%" height="420" />
        <figcaption>
          {t("branding.previewCaption")} <a href={`/admin/branding/preview.pdf?v=${previewKey}`}>{t("branding.previewOpen")}</a>
        </figcaption>
      </figure>
      <Form method="post" encType="multipart/form-data" className="stack">
        <Pair name="centre" label={t("branding.centre")} values={branding.centre} errors={e} />
        <div className="field">
          <label htmlFor="centreLogo">{t("branding.centreLogo")}</label>
          <input id="centreLogo" type="file" name="centreLogo" accept="image/png,image/jpeg" />
        </div>
        <Pair name="partner" label={t("branding.partner")} values={branding.partner} errors={e} />
        <div className="field">
          <label htmlFor="partnerLogo">{t("branding.partnerLogo")}</label>
          <input id="partnerLogo" type="file" name="partnerLogo" accept="image/png,image/jpeg" />
        </div>
        {branding.signatories.map((s, i) => (
          <fieldset key={i} className="field">
            <legend>{t("branding.signatory", { n: i + 1 })}</legend>
            <Pair name={`sig${i}Name`} label={t("branding.signatoryName")} values={s.name} errors={e} />
            <Pair name={`sig${i}Title`} label={t("branding.signatoryTitle")} values={s.title} errors={e} />
            <div className="field">
              <label htmlFor={`sig${i}`}>{t("branding.signature")}</label>
              <input id={`sig${i}`} type="file" name={`sig${i}`} accept="image/png,image/jpeg" />
            </div>
          </fieldset>
        ))}
        <div className="field">
          <label htmlFor="colour">{t("branding.colour")}</label>
          <input id="colour" name="colour" type="color" defaultValue={branding.colour} />
          {e?.colour ? <p className="field-error">{t(e.colour)}</p> : null}
        </div>
        <button type="submit" className="button">
          {t("admin.save")}
        </button>
      </Form>
    </section>
  );
}
