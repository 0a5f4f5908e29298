export const testConsole = true;
