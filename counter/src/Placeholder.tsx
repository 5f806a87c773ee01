/** Placeholder until the counter app is built: proves the build and the server's static route work. */
export function Placeholder() {
  return (
    <main style={{ fontFamily: 'system-ui, sans-serif', padding: '2rem', color: '#111', background: '#fff' }}>
      <h1>Numerek: Panel stanowiska</h1>
      <p>Tu pojawi się panel urzędnika i konsola kierownika.</p>
      <p>
        <a href="/api/health">/api/health</a>
      </p>
    </main>
  );
}
