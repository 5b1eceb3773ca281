export { updateUser as PATCH } from "@/server/api/users";
