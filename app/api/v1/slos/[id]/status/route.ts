export { sloStatus as GET } from "@/server/api/slos";
