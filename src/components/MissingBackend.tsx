/** Shown instead of failing silently when the SPA was started without a backend URL. */
export function MissingBackend() {
  return (
    <main className="center">
      <section className="card" role="alert">
        <h1>Framewise has no backend to talk to</h1>
        <p>
          <code>VITE_CONVEX_URL</code> is not set. Start the whole app with <code>npm run dev</code>, which runs
          the offline backend and sets it for you, or point it at a Convex deployment.
        </p>
      </section>
    </main>
  );
}
