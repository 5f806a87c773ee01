/** Placeholder until the display app is built: proves the build and the server's static route work. */
export function Placeholder() {
  return (
    <main style={{ fontFamily: 'system-ui, sans-serif', padding: '2rem', color: '#111', background: '#fff' }}>
      <h1>Numerek: Tablica wywoławcza</h1>
      <p>Tu pojawią się wywołania numerków.</p>
      <p>
        <a href="/api/health">/api/health</a>
      </p>
    </main>
  );
}
