import { z } from "zod";
import { strings } from "./fields";
import { roleSchema } from "./roles";

export const usernameSchema = z
  .string()
  .trim()
  .min(3, "must be 3 to 64 characters")
  .max(64, "must be 3 to 64 characters")
  .regex(/^[a-zA-Z0-9._-]+$/, "may contain only letters, digits, '.', '_' and '-'");

export const passwordSchema = z
  .string()
  .min(8, "must be at least 8 characters")
  .max(256, "must be at most 256 characters");

// Request bodies are strict: an unknown field is a 400 naming it, never silently dropped.
export const loginRequestSchema = z.strictObject({
  username: z.string().trim().min(1, "is required").max(64, "is too long"),
  password: z.string().min(1, "is required").max(256, "is too long"),
});
export type LoginRequest = z.infer<typeof loginRequestSchema>;

export const userSchema = z.object({
  username: z.string(),
  role: roleSchema,
  disabled: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type UserDto = z.infer<typeof userSchema>;

export const meSchema = z.object({
  username: z.string(),
  role: roleSchema,
  via: z.enum(["session", "token"]),
});
export type MeDto = z.infer<typeof meSchema>;

export const createUserSchema = z.strictObject({
  username: usernameSchema,
  password: passwordSchema,
  role: roleSchema,
});
export type CreateUserRequest = z.infer<typeof createUserSchema>;

export const updateUserSchema = z
  .strictObject({
    role: roleSchema.optional(),
    disabled: z.boolean().optional(),
    password: passwordSchema.optional(),
  })
  .refine((v) => v.role !== undefined || v.disabled !== undefined || v.password !== undefined, {
    message: "give at least one of role, disabled, password",
  });
export type UpdateUserRequest = z.infer<typeof updateUserSchema>;

export const tokenNameSchema = z.string().trim().min(1, "is required").max(100, "must be at most 100 characters");

export const createTokenSchema = z.strictObject({ name: tokenNameSchema, role: roleSchema });
export type CreateTokenRequest = z.infer<typeof createTokenSchema>;

export const apiTokenSchema = z.object({
  id: z.string(),
  name: z.string(),
  role: roleSchema,
  ...strings("prefix", "createdBy", "createdAt"),
  lastUsedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
});
export type ApiTokenDto = z.infer<typeof apiTokenSchema>;

export const createdTokenSchema = apiTokenSchema.extend({
  token: z.string().describe("The secret, shown only in this response"),
});
export type CreatedTokenDto = z.infer<typeof createdTokenSchema>;
