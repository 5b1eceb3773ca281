export { getAlert as GET } from "@/server/api/alerts";
