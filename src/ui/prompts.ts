/** The questions kcdmesh may ask on a terminal. Injected into commands so tests answer them. */
export interface Prompts {
  password(message: string): Promise<string>;
  confirm(message: string): Promise<boolean>;
}

/** inquirer is loaded only when a question is really asked: most runs never pay for it. */
export const inquirerPrompts: Prompts = {
  async password(message) {
    const { password } = await import('@inquirer/prompts');
    return password({ message, mask: true });
  },
  async confirm(message) {
    const { confirm } = await import('@inquirer/prompts');
    return confirm({ message, default: false });
  },
};
