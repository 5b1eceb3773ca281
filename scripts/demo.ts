// `npm run demo` starts Breakwater with demo upstreams and a traffic generator. The gateway that the
// traffic goes through arrives with issue #4; until then this says so instead of pretending.
console.log(
  [
    "npm run demo: coming with the gateway.",
    "It will start three demo upstreams (healthy, flaky, slow), declare them as services and send",
    "traffic through /gw/ so breakers trip and bulkheads fill. For now, run `npm start` and sign in.",
  ].join("\n"),
);
