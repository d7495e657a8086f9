import { getFormProps, type FieldMetadata } from "@conform-to/react";
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { ConformField, ErrorSummary, FormMessage, useSchemaForm } from "~/components/form";
import { BRANDING_IMAGES, brandingProblems, getBranding, isBrandingImage, saveBranding, type BrandingImage } from "~/models/settings.server";
import { requirePermission } from "~/utils/permissions.server";
import { getTranslator } from "~/utils/i18n.server";
import { parseSubmission, rejectSubmission } from "~/utils/submission.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title }];

const BRANDING_IMAGE_LIMIT = 2 * 1024 * 1024;

const text = z.string({ required_error: "errors.required", invalid_type_error: "errors.invalid" }).trim().min(1, "errors.required").max(150, "errors.tooLong");
const image = z
  .instanceof(File, { message: "errors.invalid" })
  .optional()
  .refine((file) => !file || file.size <= BRANDING_IMAGE_LIMIT, "branding.imageTooBig");

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
  colour: z
    .string({ required_error: "branding.colourInvalid", invalid_type_error: "branding.colourInvalid" })
    .regex(/^#[0-9a-fA-F]{6}$/, "branding.colourInvalid"),
  centreLogo: image,
  partnerLogo: image,
  sig0: image,
  sig1: image,
});

/** On the server, each image is also recognised by its content: a wrong one is an issue on its own field, reported with the others. */
const serverImage = image.refine(
  async (file) => !file || file.size > BRANDING_IMAGE_LIMIT || isBrandingImage(new Uint8Array(await file.arrayBuffer())),
  "branding.imageType",
);
const serverSchema = schema.extend(Object.fromEntries(BRANDING_IMAGES.map((name) => [name, serverImage])) as Record<BrandingImage, typeof serverImage>);

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, { action: "manage:platform" });
  const t = await getTranslator(request);
  const b = getBranding();
  return {
    title: t("branding.title"),
    // What still stops certificates from being issued, and a key that changes after each save, for the preview link.
    problems: brandingProblems(b, true),
    previewKey: Date.now(),
    hasImage: {
      centreLogo: Boolean(b.centreLogo),
      partnerLogo: Boolean(b.partnerLogo),
      sig0: Boolean(b.signatories[0].signature),
      sig1: Boolean(b.signatories[1].signature),
    },
    defaults: {
      centreAr: b.centre.ar,
      centreFr: b.centre.fr,
      partnerAr: b.partner.ar,
      partnerFr: b.partner.fr,
      sig0NameAr: b.signatories[0].name.ar,
      sig0NameFr: b.signatories[0].name.fr,
      sig0TitleAr: b.signatories[0].title.ar,
      sig0TitleFr: b.signatories[0].title.fr,
      sig1NameAr: b.signatories[1].name.ar,
      sig1NameFr: b.signatories[1].name.fr,
      sig1TitleAr: b.signatories[1].title.ar,
      sig1TitleFr: b.signatories[1].title.fr,
      colour: b.colour,
    },
  };
}

export async function action({ request }: ActionFunctionArgs) {
  await requirePermission(request, { action: "manage:platform" });
  const { submission } = await parseSubmission(request, serverSchema, { uploads: true });
  if (submission.status !== "success") {
    // Only images that are not PNG or JPEG: "unsupported media type"; anything else to correct: 400.
    const errors = Object.values(submission.error ?? {}).flat();
    const onlyImageType = errors.length > 0 && errors.every((e) => e === "branding.imageType");
    return rejectSubmission(submission, { status: onlyImageType ? 415 : 400 });
  }
  const v = submission.value;
  const images: Partial<Record<BrandingImage, Uint8Array>> = {};
  for (const name of BRANDING_IMAGES) {
    const file = v[name];
    if (file) images[name] = new Uint8Array(await file.arrayBuffer());
  }
  const saved = await saveBranding(
    {
      centre: { ar: v.centreAr, fr: v.centreFr },
      partner: { ar: v.partnerAr, fr: v.partnerFr },
      colour: v.colour,
      signatories: [
        { name: { ar: v.sig0NameAr, fr: v.sig0NameFr }, title: { ar: v.sig0TitleAr, fr: v.sig0TitleFr } },
        { name: { ar: v.sig1NameAr, fr: v.sig1NameFr }, title: { ar: v.sig1TitleAr, fr: v.sig1TitleFr } },
      ],
    },
    images,
  );
  if (!saved.ok)
    return rejectSubmission(submission, { status: 415, fieldErrors: Object.fromEntries(saved.invalid.map((name) => [name, ["branding.imageType"]])) });
  return redirect("/admin/branding?saved=1");
}

type Meta = FieldMetadata<any, any, any>;

function TextInput({ meta, label, lang }: { meta: Meta; label: string; lang: "ar" | "fr" }) {
  return <ConformField meta={meta} label={label} lang={lang} dir={lang === "ar" ? "rtl" : "ltr"} maxLength={150} />;
}

function ImageInput({ meta, label, present }: { meta: Meta; label: string; present: boolean }) {
  const { t } = useTranslation();
  return (
    <ConformField meta={meta} type="file" label={label} hint={present ? t("branding.imageKept") : t("branding.imageNone")} accept="image/png,image/jpeg" />
  );
}

const LANGUAGE_NAMES = { ar: "العربية", fr: "Français" } as const;

export default function BrandingPage() {
  const { defaults, hasImage, problems, previewKey } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const { t } = useTranslation();
  const [form, fields] = useSchemaForm(schema, actionData?.result, "branding", defaults);
  const both = (label: string) => ({ Ar: `${label} (${LANGUAGE_NAMES.ar})`, Fr: `${label} (${LANGUAGE_NAMES.fr})` });
  const centre = both(t("branding.centre"));
  const partner = both(t("branding.partner"));
  const signatory = (i: number) => ({
    name: both(`${t("branding.signatory", { n: i + 1 })} — ${t("branding.signatoryName")}`),
    title: both(`${t("branding.signatory", { n: i + 1 })} — ${t("branding.signatoryTitle")}`),
  });
  const sig = [signatory(0), signatory(1)] as const;
  const labels: Record<string, string> = {
    centreAr: centre.Ar,
    centreFr: centre.Fr,
    partnerAr: partner.Ar,
    partnerFr: partner.Fr,
    sig0NameAr: sig[0].name.Ar,
    sig0NameFr: sig[0].name.Fr,
    sig0TitleAr: sig[0].title.Ar,
    sig0TitleFr: sig[0].title.Fr,
    sig1NameAr: sig[1].name.Ar,
    sig1NameFr: sig[1].name.Fr,
    sig1TitleAr: sig[1].title.Ar,
    sig1TitleFr: sig[1].title.Fr,
    colour: t("branding.colour"),
    centreLogo: t("branding.centreLogo"),
    partnerLogo: t("branding.partnerLogo"),
    sig0: `${t("branding.signatory", { n: 1 })} — ${t("branding.signature")}`,
    sig1: `${t("branding.signatory", { n: 2 })} — ${t("branding.signature")}`,
  };
  return (
    <section aria-labelledby="branding-title" className="narrow">
      <h1 id="branding-title">{t("branding.title")}</h1>
      <p>{t("branding.intro")}</p>
      {params.get("saved") ? <FormMessage tone="success">{t("branding.saved")}</FormMessage> : null}
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
      <p className="branding-preview">
        {t("branding.previewCaption")} <a href={`/admin/branding/preview.pdf?v=${previewKey}`}>{t("branding.previewOpen")}</a>
      </p>
      <ErrorSummary form={form} labels={labels} />
      {form.errors?.length || Object.keys(form.allErrors).length ? <p className="hint">{t("branding.chooseImagesAgain")}</p> : null}
      <Form method="post" encType="multipart/form-data" className="stack" {...getFormProps(form)}>
        <div className="grid-2">
          <TextInput meta={fields.centreAr} label={labels.centreAr!} lang="ar" />
          <TextInput meta={fields.centreFr} label={labels.centreFr!} lang="fr" />
        </div>
        <ImageInput meta={fields.centreLogo} label={labels.centreLogo!} present={hasImage.centreLogo} />
        <div className="grid-2">
          <TextInput meta={fields.partnerAr} label={labels.partnerAr!} lang="ar" />
          <TextInput meta={fields.partnerFr} label={labels.partnerFr!} lang="fr" />
        </div>
        <ImageInput meta={fields.partnerLogo} label={labels.partnerLogo!} present={hasImage.partnerLogo} />
        {([0, 1] as const).map((i) => (
          <fieldset key={i} className="field">
            <legend>{t("branding.signatory", { n: i + 1 })}</legend>
            <div className="grid-2">
              <TextInput meta={fields[`sig${i}NameAr`]} label={labels[`sig${i}NameAr`]!} lang="ar" />
              <TextInput meta={fields[`sig${i}NameFr`]} label={labels[`sig${i}NameFr`]!} lang="fr" />
              <TextInput meta={fields[`sig${i}TitleAr`]} label={labels[`sig${i}TitleAr`]!} lang="ar" />
              <TextInput meta={fields[`sig${i}TitleFr`]} label={labels[`sig${i}TitleFr`]!} lang="fr" />
            </div>
            <ImageInput meta={fields[`sig${i}`]} label={labels[`sig${i}`]!} present={hasImage[`sig${i}`]} />
          </fieldset>
        ))}
        <ConformField meta={fields.colour} type="color" label={labels.colour!} />
        <button type="submit" className="button">
          {t("admin.save")}
        </button>
      </Form>
    </section>
  );
}
