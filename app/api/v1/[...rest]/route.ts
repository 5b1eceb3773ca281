// Unknown /api/v1 paths answer in the contract's JSON error shape, not with an HTML page.
const notFound = () =>
  Response.json({ error: { code: "not_found", message: "no such API endpoint; see /api/v1/openapi.json" } }, { status: 404 });
export { notFound as GET, notFound as POST, notFound as PUT, notFound as PATCH, notFound as DELETE };
