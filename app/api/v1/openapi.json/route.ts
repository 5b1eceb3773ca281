export { openapiDocument as GET } from "@/server/api/openapi";
