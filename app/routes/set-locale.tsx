import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { updateUser } from "~/models/user.server";
import { getUser, safeRedirectPath } from "~/utils/auth.server";
import { isLocale } from "~/utils/i18n";
import { localeCookie } from "~/utils/i18n.server";
import { readFormData, textField } from "~/utils/request-body.server";

export async function loader() {
  return redirect("/");
}

/** The language switcher (a form in every page's header): saves the choice and goes back to the page, on this site only. */
export async function action({ request }: ActionFunctionArgs) {
  const form = await readFormData(request);
  const locale = textField(form, "locale");
  const to = safeRedirectPath(textField(form, "redirectTo"), "/");
  if (!isLocale(locale)) return redirect(to);
  const user = await getUser(request);
  if (user) updateUser(user.id, { locale });
  return redirect(to, { headers: { "Set-Cookie": await localeCookie.serialize(locale) } });
}
