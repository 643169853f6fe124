// The devcontainer spec's hook names and enums, defined once: the validator's schema, the
// config types, the engine's hook order and the extension all take them from here (rpc/, so
// the extension may import it too). Plain data, no imports.

/** The hooks that run once per container, in this order. */
export const CREATE_HOOKS = ['onCreateCommand', 'updateContentCommand', 'postCreateCommand'] as const;
/** The hooks that run in the container, in this order. */
export const CONTAINER_HOOKS = [...CREATE_HOOKS, 'postStartCommand', 'postAttachCommand'] as const;
/** Every lifecycle hook, in run order: initializeCommand runs on the host. */
export const HOOK_NAMES = ['initializeCommand', ...CONTAINER_HOOKS] as const;
/** The hooks `waitFor` may name (postAttachCommand is never waited for). */
export const WAIT_FOR = ['initializeCommand', ...CREATE_HOOKS, 'postStartCommand'] as const;

export const ON_AUTO_FORWARD = ['notify', 'openBrowser', 'openBrowserOnce', 'openPreview', 'silent', 'ignore'] as const;
export const USER_ENV_PROBES = ['none', 'loginShell', 'loginInteractiveShell', 'interactiveShell'] as const;
export const SHUTDOWN_ACTIONS = ['none', 'stopContainer', 'stopCompose'] as const;
export const MOUNT_TYPES = ['bind', 'volume', 'tmpfs'] as const;
export const PORT_PROTOCOLS = ['http', 'https'] as const;

export type CreateHook = (typeof CREATE_HOOKS)[number];
export type ContainerHookName = (typeof CONTAINER_HOOKS)[number];
export type HookName = (typeof HOOK_NAMES)[number];
export type WaitFor = (typeof WAIT_FOR)[number];
export type OnAutoForward = (typeof ON_AUTO_FORWARD)[number];
export type UserEnvProbe = (typeof USER_ENV_PROBES)[number];
export type ShutdownAction = (typeof SHUTDOWN_ACTIONS)[number];
export type MountType = (typeof MOUNT_TYPES)[number];
export type PortProtocol = (typeof PORT_PROTOCOLS)[number];
