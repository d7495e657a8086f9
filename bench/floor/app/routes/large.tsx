// ~45 KB of HTML rendered by React on every request: sections of paragraphs, lists and a table, like a long lesson.
const sections = Array.from({ length: 50 }, (_, i) => i + 1);
const text = "A strategy names the audience, the message and the channel before anything is published; the calendar follows from it, not the other way round.";

export default function Large() {
  return (
    <main>
      <h1>A long lesson</h1>
      {sections.map((n) => (
        <section key={n} id={`s${n}`}>
          <h2>Section {n}</h2>
          <p>{text}</p>
          <p>
            {text} <strong>{text.slice(0, 40)}</strong> <code>=SUM(C2:C5)</code>
          </p>
          <ul>
            <li>First point of section {n}</li>
            <li>Second point of section {n}</li>
            <li>Third point of section {n}</li>
          </ul>
          <table>
            <thead>
              <tr>
                <th>Channel</th>
                <th>Audience</th>
                <th>Cost</th>
              </tr>
            </thead>
            <tbody>
              <tr>
                <td>Radio</td>
                <td>Rural</td>
                <td>{n * 100} MAD</td>
              </tr>
              <tr>
                <td>Social media</td>
                <td>Youth</td>
                <td>{n * 50} MAD</td>
              </tr>
            </tbody>
          </table>
        </section>
      ))}
    </main>
  );
}
