import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { readFormData } from "~/utils/request-body.server";
import { updateUser } from "~/models/user.server";
import { getUser, safeRedirectPath } from "~/utils/auth.server";
import { isLocale } from "~/utils/i18n";
import { localeCookie } from "~/utils/i18n.server";

export async function loader() {
  return redirect("/");
}

export async function action({ request }: ActionFunctionArgs) {
  const form = await readFormData(request);
  const locale = form.get("locale");
  const to = safeRedirectPath(form.get("redirectTo"), "/");
  if (!isLocale(locale)) return redirect(to);
  const user = await getUser(request);
  if (user) updateUser(user.id, { locale });
  return redirect(to, { headers: { "Set-Cookie": await localeCookie.serialize(locale) } });
}
