export { deleteNotifier as DELETE } from "@/server/api/alerts";
