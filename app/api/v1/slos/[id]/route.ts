export { getSlo as GET, replaceSlo as PUT, deleteSlo as DELETE } from "@/server/api/slos";
