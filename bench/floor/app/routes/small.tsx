// ~3 KB of HTML: a heading, a short form and a paragraph, like a login page.
export default function Small() {
  return (
    <main>
      <h1>Sign in</h1>
      <form method="post">
        <label>
          Email <input name="email" type="email" autoComplete="email" />
        </label>
        <label>
          Password <input name="password" type="password" autoComplete="current-password" />
        </label>
        <button type="submit">Sign in</button>
      </form>
      <p>Forgot your password? Ask for a reset link; it is valid for one hour and can be used once.</p>
    </main>
  );
}
