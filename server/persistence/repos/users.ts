import { randomUUID } from "node:crypto";
import type { Db } from "../client";
import type { Role } from "@/lib/contracts/roles";

export interface UserRecord {
  id: string;
  username: string;
  passwordHash: string;
  role: Role;
  disabled: boolean;
  createdAt: Date;
  updatedAt: Date;
}

const asRecord = (u: { role: string } & Omit<UserRecord, "role">): UserRecord => ({ ...u, role: u.role as Role });

export function createUsersRepo(db: Db) {
  return {
    async count(): Promise<number> {
      return db.user.count();
    },
    async findByUsername(username: string): Promise<UserRecord | null> {
      const u = await db.user.findUnique({ where: { username } });
      return u ? asRecord(u) : null;
    },
    async findById(id: string): Promise<UserRecord | null> {
      const u = await db.user.findUnique({ where: { id } });
      return u ? asRecord(u) : null;
    },
    async list(): Promise<UserRecord[]> {
      return (await db.user.findMany({ orderBy: { username: "asc" } })).map(asRecord);
    },
    async create(input: { username: string; passwordHash: string; role: Role }): Promise<UserRecord> {
      return asRecord(await db.user.create({ data: { id: randomUUID(), ...input } }));
    },
    async update(
      id: string,
      patch: Partial<Pick<UserRecord, "role" | "disabled" | "passwordHash">>,
    ): Promise<UserRecord> {
      return asRecord(await db.user.update({ where: { id }, data: patch }));
    },
  };
}
export type UsersRepo = ReturnType<typeof createUsersRepo>;
