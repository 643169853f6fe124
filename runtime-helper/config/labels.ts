// Identity labels shared with the devcontainer CLI, so each tool finds the other's containers.
export const LABEL_LOCAL_FOLDER = 'devcontainer.local_folder';
export const LABEL_CONFIG_FILE = 'devcontainer.config_file';
export const LABEL_METADATA = 'devcontainer.metadata';
/** Berth's own: the state of the create-time hooks, so they run once per container. */
export const LABEL_BERTH = 'berth.managed';
