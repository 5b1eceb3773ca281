// User accounts: the bootstrap admin, listing, creating and changing users (role, disabled,
// password). Changes that affect live credentials are announced through `changed`.
import type { Role } from "@/lib/contracts/roles";
import type { UserDto } from "@/lib/contracts/auth";
import type { Persistence } from "../persistence";
import type { AuditRecorder } from "../audit";
import { AppError, conflict, notFound } from "../errors";
import { generatePassword, hashPassword } from "./passwords";
import type { Principal } from "./principal";
import type { CredentialChange } from "./credentials";
import type { UserRecord } from "../persistence/repos/users";
import type { Logger } from "../logger";

const userDto = (u: UserRecord): UserDto => ({
  username: u.username,
  role: u.role,
  disabled: u.disabled,
  createdAt: u.createdAt.toISOString(),
  updatedAt: u.updatedAt.toISOString(),
});

export function createAccounts(
  p: Persistence,
  audit: AuditRecorder,
  hooks: { changed: (c: CredentialChange) => void; now: () => number },
) {
  return {
    /** Creates `admin` on an empty database. Returns the generated password when one was generated. */
    async bootstrapAdmin(password: string | undefined, log: Logger): Promise<{ created: boolean; generated?: string }> {
      if ((await p.users.count()) > 0) return { created: false };
      const pw = password ?? generatePassword();
      try {
        await p.users.create({ username: "admin", passwordHash: await hashPassword(pw), role: "admin" });
      } catch (err) {
        // another instance created it first
        if ((await p.users.findByUsername("admin")) !== null) return { created: false };
        throw err;
      }
      await audit.record({ actor: "system", action: "user.create", target: "user:admin", after: { role: "admin" }, reason: "bootstrap" });
      if (password) {
        log.info("created user 'admin' with the password from BREAKWATER_ADMIN_PASSWORD");
        return { created: true };
      }
      return { created: true, generated: pw };
    },

    async listUsers(): Promise<UserDto[]> {
      return (await p.users.list()).map(userDto);
    },

    async createUser(actor: Principal, input: { username: string; password: string; role: Role }): Promise<UserDto> {
      if (await p.users.findByUsername(input.username)) throw conflict(`user '${input.username}' already exists`);
      let u: UserRecord;
      try {
        u = await p.users.create({ username: input.username, role: input.role, passwordHash: await hashPassword(input.password) });
      } catch (err) {
        if (await p.users.findByUsername(input.username)) throw conflict(`user '${input.username}' already exists`);
        throw err;
      }
      await audit.record({ actor: actor.username, action: "user.create", target: `user:${u.username}`, after: { role: u.role } });
      return userDto(u);
    },

    async updateUser(actor: Principal, username: string, patch: { role?: Role; disabled?: boolean; password?: string }): Promise<UserDto> {
      const u = await p.users.findByUsername(username);
      if (!u) throw notFound(`user '${username}'`);
      if (actor.username === username && (patch.disabled === true || (patch.role && patch.role !== "admin"))) {
        throw new AppError(409, "conflict", "you cannot disable yourself or lower your own role; ask another admin");
      }
      const data: Partial<Pick<UserRecord, "role" | "disabled" | "passwordHash">> = {};
      if (patch.role !== undefined) data.role = patch.role;
      if (patch.disabled !== undefined) data.disabled = patch.disabled;
      if (patch.password !== undefined) data.passwordHash = await hashPassword(patch.password);
      const updated = await p.users.update(u.id, data);
      // A disabled account or a new password ends every existing session of that user.
      if (patch.disabled === true || patch.password !== undefined) {
        await p.sessions.revokeAllForUser(u.id, new Date(hooks.now()));
      }
      // live connections of this user (sessions and the user's tokens) are closed or re-checked
      if (patch.disabled !== undefined || patch.password !== undefined || (patch.role !== undefined && patch.role !== u.role)) {
        hooks.changed({ userId: u.id });
      }
      await audit.record({
        actor: actor.username,
        action: "user.update",
        target: `user:${username}`,
        before: { role: u.role, disabled: u.disabled },
        after: { role: updated.role, disabled: updated.disabled, ...(patch.password !== undefined ? { password: "reset" } : {}) },
      });
      return userDto(updated);
    },

  };
}
