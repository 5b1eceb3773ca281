import { requirePageUser } from "@/server/api/page-auth";

export const dynamic = "force-dynamic";

export default async function Home() {
  const user = await requirePageUser("/");
  return <main className="p-6">Signed in as {user.username}</main>;
}
