import { PromptCancelledError } from '../errors.js';

/** A choice in a checklist, ticked or not at first. */
export interface Choice {
  name: string;
  value: string;
  checked: boolean;
}

/** The questions kcdmesh may ask on a terminal. Injected into commands so tests answer them. */
export interface Prompts {
  password(message: string): Promise<string>;
  confirm(message: string): Promise<boolean>;
  choose(message: string, choices: readonly Choice[]): Promise<string[]>;
}

/**
 * Ctrl-C at a prompt (inquirer's ExitPromptError, or AbortPromptError when the run was interrupted)
 * is a cancellation, not a crash: exit 130. Every prompt comes before the first modify.
 */
async function asked<T>(question: Promise<T>): Promise<T> {
  try {
    return await question;
  } catch (err) {
    const name = (err as Error | null)?.name;
    if (name === 'ExitPromptError' || name === 'AbortPromptError') throw new PromptCancelledError();
    throw err;
  }
}

/** inquirer is loaded only when a question is really asked: most runs never pay for it. */
export const inquirerPrompts: Prompts = {
  async password(message) {
    const { password } = await import('@inquirer/prompts');
    return asked(password({ message, mask: true }));
  },
  async confirm(message) {
    const { confirm } = await import('@inquirer/prompts');
    return asked(confirm({ message, default: false }));
  },
  async choose(message, choices) {
    const { checkbox } = await import('@inquirer/prompts');
    return asked(checkbox({ message, choices: choices.map((c) => ({ name: c.name, value: c.value, checked: c.checked })) }));
  },
};
