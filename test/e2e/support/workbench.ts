// Driving the VS Code workbench the way a user does: the command palette, notifications,
// the terminal, views in the side bar and panel, and webviews.
import type { FrameLocator, Locator, Page } from 'playwright-core';

const PALETTE_INPUT = '.quick-input-widget .quick-input-box input';

/** Runs a command from the palette (F1) by its full title, e.g. "Berth: Reopen in Container". */
export async function runCommand(page: Page, title: string): Promise<void> {
  // A focus change (a webview taking it) can close the palette at any step: then it is asked again.
  for (let attempt = 1; ; attempt++) {
    try {
      return await paletteRun(page, title);
    } catch (err) {
      if (attempt === 3 || err instanceof NotOffered) throw err;
      await page.keyboard.press('Escape');
    }
  }
}

class NotOffered extends Error {}

async function paletteRun(page: Page, title: string): Promise<void> {
  const input = page.locator(PALETTE_INPUT);
  await page.keyboard.press('F1');
  await input.waitFor({ state: 'visible', timeout: 5000 });
  await input.fill(`>${title}`, { timeout: 5000 });
  const row = page.locator('.quick-input-list .monaco-list-row').filter({ has: page.getByText(title, { exact: true }) });
  try {
    await row.first().waitFor({ timeout: 15_000 });
  } catch {
    const offered = await page.locator('.quick-input-list .monaco-list-row').allInnerTexts();
    // Only while the palette is still open is a missing row the answer, not a closed palette.
    const open = await input.isVisible();
    await page.keyboard.press('Escape');
    if (open) throw new NotOffered(`the command palette has no "${title}"; it offers: ${offered.join(' | ') || 'nothing'}`);
    throw new Error(`the command palette closed before "${title}" was offered`);
  }
  await row.first().click({ timeout: 10_000 });
}

// As the Color Theme picker names them, and the class each gives the workbench.
export const THEMES = { dark: 'Dark Modern', light: 'Light Modern', highContrast: 'Dark High Contrast' } as const;
const WORKBENCH_CLASS = { dark: 'vs-dark', light: 'vs', highContrast: 'hc-black' } as const;

/** Switches the color theme with Preferences: Color Theme, as a user does. */
export async function setColorTheme(page: Page, theme: keyof typeof THEMES): Promise<void> {
  await runCommand(page, 'Preferences: Color Theme');
  const input = page.locator(PALETTE_INPUT);
  await input.fill(THEMES[theme]);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: new RegExp(`^${THEMES[theme]}`) }).first().waitFor({ timeout: 10_000 });
  await input.press('Enter');
  await page.locator(`.monaco-workbench.${WORKBENCH_CLASS[theme]}`).waitFor({ timeout: 15_000 });
}

/** Whether the command palette offers a command with exactly this title. */
export async function paletteHas(page: Page, title: string): Promise<boolean> {
  await page.keyboard.press('F1');
  const input = page.locator(PALETTE_INPUT);
  await input.waitFor();
  await input.fill(`>${title}`);
  const row = page.locator('.quick-input-list .monaco-list-row').filter({ has: page.getByText(title, { exact: true }) });
  const found = await row.first().waitFor({ timeout: 5000 }).then(() => true, () => false);
  await page.keyboard.press('Escape');
  return found;
}

/** A notification toast whose message matches `text`. */
export function notification(page: Page, text: string | RegExp): Locator {
  return page.locator('.notification-toast').filter({ has: page.locator('.notification-list-item-message', { hasText: text }) });
}

/**
 * Clicks a button of the notification whose message matches `text`: on its toast, or, when the
 * editor has already moved it from its toast into the notification center (as it does when
 * toasts pile up or another tab was in front), there.
 */
export async function clickNotificationButton(page: Page, text: string | RegExp, button: string, timeout = 60_000): Promise<void> {
  const toast = notification(page, text);
  const toasted = await toast.waitFor({ timeout: timeout / 2 }).then(() => true, () => false);
  if (toasted) return toast.getByRole('button', { name: button, exact: true }).click();
  await runCommand(page, 'Notifications: Show Notifications');
  const item = page.locator('.notification-list-item').filter({ has: page.locator('.notification-list-item-message', { hasText: text }) }).first();
  await item.getByRole('button', { name: button, exact: true }).click({ timeout: timeout / 2 });
  // Closed again: while the center is open, new notifications show there instead of as toasts.
  if (await page.locator('.notifications-center.visible').count()) await page.keyboard.press('Escape');
}

/** Messages of the notifications shown now: toasts and any error in the notification center. */
export async function notificationMessages(page: Page): Promise<string[]> {
  return page.locator('.notification-list-item-message').allTextContents();
}

/** Closes modal dialogs (they block every click after them) and returns their text. */
export async function dismissDialogs(page: Page): Promise<string[]> {
  const dialogs = page.locator('.monaco-dialog-box');
  const texts = (await dialogs.allInnerTexts().catch(() => [])).map((t) => t.replace(/\s+/g, ' ').trim());
  for (let i = 0; i < texts.length && (await dialogs.count()); i++) await page.keyboard.press('Escape');
  return texts;
}

/** The text the active terminal shows. */
export async function terminalText(page: Page): Promise<string> {
  // With several terminals, only the one on screen counts.
  const rows = page.locator('.terminal-wrapper.active .xterm-rows').filter({ visible: true });
  // The active terminal can change between the count and the read (a terminal opening or closing):
  // then this read gives nothing, and the caller's wait asks again.
  if (await rows.count()) return rows.first().innerText({ timeout: 2_000 }).catch(() => '');
  if (!(await page.locator('.terminal-wrapper.active').count())) return '';
  // Some terminals code-server draws on a canvas even with GPU acceleration off, with no
  // text in the page: then it is copied, as a user would copy it.
  await page.evaluate(() => navigator.clipboard.writeText(''));
  await runCommand(page, 'Terminal: Select All');
  await runCommand(page, 'Terminal: Focus Terminal');
  await page.keyboard.press('Control+Shift+C');
  return page.evaluate(() => navigator.clipboard.readText());
}

/**
 * Waits until the active terminal shows a shell prompt that has stopped changing: typed
 * too early, keystrokes race the shell's start-up and its redraws of the prompt line.
 */
export async function waitForPrompt(page: Page, timeoutMs = 30_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  let last = '';
  for (;;) {
    const text = (await terminalText(page)).trimEnd();
    if (/[#$]$/.test(text) && text === last) return;
    if (Date.now() > until) throw new Error(`timed out waiting for a shell prompt; the terminal shows: ${text.slice(-200)}`);
    last = text;
    await page.waitForTimeout(300);
  }
}

/** Types a line into the active terminal. */
export async function typeInTerminal(page: Page, line: string): Promise<void> {
  // With several terminals the panel may still be switching between them: retry the click.
  const screen = page.locator('.terminal-wrapper.active .xterm-screen').filter({ visible: true }).first();
  for (let attempt = 0; ; attempt++) {
    try {
      await screen.click({ timeout: 5000 });
      break;
    } catch (err) {
      if (attempt === 3) throw err;
    }
  }
  await page.keyboard.type(line);
  await page.keyboard.press('Enter');
}

/** Shows an activity-bar view container (e.g. "Berth") unless it is already showing. */
export async function showViewContainer(page: Page, title: string): Promise<void> {
  const item = page.locator('.activitybar .action-item').filter({ has: page.locator(`a[aria-label="${title}"]`) });
  await item.waitFor({ timeout: 30_000 });
  // Clicking the selected item would hide the side bar instead.
  if ((await item.getAttribute('class'))?.split(' ').includes('checked')) return;
  await item.click();
}

/** The pane of a view by its title (e.g. "Containers"), expanded. */
export async function view(page: Page, title: string): Promise<Locator> {
  const pane = page.locator('.pane').filter({ has: page.locator('.pane-header h3.title', { hasText: new RegExp(`^${escape(title)}$`, 'i') }) });
  await pane.first().waitFor({ timeout: 30_000 });
  const header = pane.first().locator('.pane-header');
  if ((await header.getAttribute('aria-expanded')) === 'false') await header.click();
  return pane.first();
}

/**
 * A row of a tree view whose label contains `label`, scrolled into view: trees render only
 * the rows on screen, so a row below the fold is not in the page until the list scrolls.
 */
export async function treeItem(page: Page, viewTitle: string, label: string | RegExp, timeout = 30_000): Promise<Locator> {
  const pane = await view(page, viewTitle);
  const row = pane.locator('.monaco-list-row').filter({ hasText: label }).first();
  const list = pane.locator('.monaco-list').first();
  const deadline = Date.now() + timeout;
  while (!(await row.count()) && Date.now() < deadline && (await list.count())) {
    // Monaco lists scroll virtually: the rows' `top` moves, not the element's scrollTop.
    const offset = () => list.locator('.monaco-list-rows').first().evaluate((e) => (e as HTMLElement).style.top).catch(() => '');
    const before = await offset();
    await list.hover();
    await page.mouse.wheel(0, 120);
    await page.waitForTimeout(100);
    // At the bottom without it: back to the top, and give the tree a moment to fill.
    if ((await offset()) === before) {
      await page.mouse.wheel(0, -100_000);
      await page.waitForTimeout(250);
    }
  }
  return row;
}

/**
 * The document inside a webview. VS Code hosts each webview in an iframe whose inner
 * #active-frame holds the extension's page; `has` picks the webview by its content.
 */
export async function webview(page: Page, has: string, timeout = 30_000): Promise<FrameLocator> {
  const deadline = Date.now() + timeout;
  for (;;) {
    const frames = page.locator('iframe.webview.ready');
    const n = await frames.count();
    for (let i = 0; i < n; i++) {
      const inner = page.frameLocator('iframe.webview.ready').nth(i).frameLocator('#active-frame');
      if (await inner.locator(has).count().catch(() => 0)) return inner;
    }
    if (Date.now() > deadline) throw new Error(`no webview shows ${has} (${n} webviews open)`);
    await page.waitForTimeout(250);
  }
}

/**
 * Runs an item of a tree row's context menu, as a keyboard user would: hover it and press Enter.
 * A tree that refreshes under the click (other containers coming and going) can open the menu
 * of the row that moved there: then the menu is closed and the row found again.
 */
export async function contextMenu(page: Page, row: Locator, item: string): Promise<void> {
  const entry = page.locator('.context-view .action-label', { hasText: new RegExp(`^${escape(item)}$`) });
  for (let attempt = 1; ; attempt++) {
    await row.click({ button: 'right' });
    try {
      await entry.waitFor({ timeout: 5000 });
      break;
    } catch (err) {
      if (attempt === 3) throw err;
      await page.keyboard.press('Escape');
    }
  }
  await entry.hover();
  await page.keyboard.press('Enter');
}

/** Clicks one of the actions shown inline on a tree row (they appear while it is hovered). */
export async function inlineAction(row: Locator, label: string): Promise<void> {
  await row.hover();
  await row.locator(`.actions .action-label[aria-label="${label}"]`).click();
}

/** Clicks an action in a view's title bar, e.g. "Prune Unused Volumes...". */
export async function viewTitleAction(page: Page, viewTitle: string, label: string): Promise<void> {
  const pane = await view(page, viewTitle);
  await pane.locator('.pane-header').hover();
  await pane.locator(`.pane-header .actions .action-label[aria-label="${label}"]`).click();
}

/**
 * Answers VS Code's own file dialog (code-server has no native one) with a full path: typed
 * over its suggestion, as a user would. A folder path may open the folder in the dialog
 * instead of choosing it; OK then chooses it.
 */
export async function answerFileDialog(page: Page, path: string): Promise<void> {
  const input = page.locator(PALETTE_INPUT);
  await input.waitFor({ state: 'visible', timeout: 15_000 });
  const typePath = async () => {
    await input.click();
    await page.keyboard.press('Control+A');
    await page.keyboard.press('Backspace');
    await page.keyboard.type(path);
  };
  const shows = async () => (await input.inputValue({ timeout: 1000 }).catch(() => path)).replace(/\/$/, '');
  await typePath();
  // The dialog checks what was typed asynchronously; accept until it closes.
  for (let attempt = 0; await input.isVisible(); attempt++) {
    if (attempt === 10) throw new Error(`the file dialog did not accept ${path}: it shows ${await input.inputValue()}`);
    // While it loads, the dialog may put its own suggestion back over what was typed.
    if ((await shows()) !== path.replace(/\/$/, '')) await typePath();
    if (attempt % 2 === 0) await input.press('Enter');
    else await page.locator('.quick-input-widget .monaco-button', { hasText: /^OK$/ }).click().catch(() => undefined);
    await page.waitForTimeout(750);
  }
}

/** Clicks an action in the panel's title bar (a view alone in the panel has no header of its own). */
export async function panelTitleAction(page: Page, label: string): Promise<void> {
  await page.locator(`.part.panel .title-actions .action-label[aria-label="${label}"]`).click();
}

/**
 * The browser tab an action opens. A local port opens directly in desktop VS Code, and
 * through code-server's own proxy (/proxy/<port>/) in code-server.
 */
export async function tabOpenedBy(page: Page, action: () => Promise<void>, port: string | number): Promise<Page> {
  const opened = page.context().waitForEvent('page', { timeout: 30_000 });
  await action();
  const tab = await opened;
  const showsPort = () => tab.url().includes(`127.0.0.1:${port}`) || tab.url().endsWith(`/proxy/${port}/`);
  for (const deadline = Date.now() + 15_000; !showsPort(); await tab.waitForTimeout(100)) {
    if (Date.now() > deadline) throw new Error(`the opened tab shows ${tab.url()}, not port ${port}`);
  }
  return tab;
}

/** Answers a modal dialog with one of its buttons and returns the dialog's text. */
export async function answerDialog(page: Page, button: string): Promise<string> {
  const dialog = page.locator('.monaco-dialog-box');
  await dialog.waitFor({ timeout: 15_000 });
  const text = (await dialog.innerText()).replace(/\s+/g, ' ').trim();
  await dialog.getByRole('button', { name: button, exact: true }).click();
  await dialog.waitFor({ state: 'detached', timeout: 15_000 });
  return text;
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
