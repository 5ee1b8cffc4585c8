import * as vscode from 'vscode';
import { dockerContexts, kubeContexts, kubeCurrentContext, useDockerContext, useKubeContext } from '../../runner/cliTools';
import type { DockerEngine } from '../../runner/dockerEngine';
import { CommandIds } from '../../platform/commandIds';
import type { Config } from '../../platform/config';
import type { Log } from '../../platform/log';

const REFRESH_MS = 15_000;

/**
 * Shows where a Run will land: the Docker context and engine (version, running containers, Swarm
 * state) and the current kube context. Clicking it switches either.
 */
export class TargetStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('courseNotes.target', vscode.StatusBarAlignment.Left, 50);
  private timer: NodeJS.Timeout | undefined;
  private refreshing: Promise<void> | undefined;

  constructor(
    private readonly engine: () => Promise<DockerEngine>,
    private readonly config: Config,
    private readonly log: Log,
  ) {
    this.item.name = 'Course Notes: Run Target';
    this.item.command = CommandIds.switchTarget;
    this.item.text = '$(vm) docker: …';
    this.item.show();
    // The first look at the engine waits a moment so activation never pays for loading dockerode.
    setTimeout(() => void this.refresh(), 1500);
    this.timer = setInterval(() => void this.refresh(), REFRESH_MS);
  }

  refresh(): Promise<void> {
    this.refreshing ??= this.update().finally(() => (this.refreshing = undefined));
    return this.refreshing;
  }

  private async update(): Promise<void> {
    const kube = await kubeCurrentContext(this.config.kubectlPath());
    const kubeText = kube ? `  $(symbol-namespace) ${kube}` : '';
    let engine: DockerEngine | undefined;
    try {
      engine = await this.engine();
      const summary = await engine.summary();
      const swarm = summary.swarm === 'active' ? ' · swarm' : '';
      this.item.text = `$(vm) ${engine.target.context} · ${summary.running} running${swarm}${kubeText}`;
      this.item.tooltip = new vscode.MarkdownString(
        [
          `**Runs go to** Docker context \`${engine.target.context}\``,
          `Engine ${summary.version} at \`${engine.target.host}\` (from ${engine.target.source})`,
          `${summary.running} running container${summary.running === 1 ? '' : 's'} · Swarm ${summary.swarm}`,
          kube ? `Kubernetes context \`${kube}\`` : 'No Kubernetes context',
          '',
          'Click to switch the Docker or Kubernetes context.',
        ].join('\n\n'),
      );
      this.item.backgroundColor = undefined;
    } catch (error) {
      this.item.text = `$(vm-outline) docker: not reachable${kubeText}`;
      this.item.tooltip = `${error instanceof Error ? error.message : String(error)}\n\nClick to pick another Docker context.`;
      this.item.backgroundColor = new vscode.ThemeColor('statusBarItem.warningBackground');
      this.log.info(`Docker target: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  /** The quick pick behind a click: Docker contexts, then Kubernetes contexts. */
  async switchTarget(): Promise<void> {
    type Item = vscode.QuickPickItem & { apply?: () => Promise<void> };
    const items: Item[] = [{ label: 'Docker contexts', kind: vscode.QuickPickItemKind.Separator }];
    try {
      for (const context of await dockerContexts(this.config.dockerPath())) {
        items.push({
          label: `${context.current ? '$(check) ' : ''}${context.name}`,
          description: context.endpoint,
          apply: () => useDockerContext(this.config.dockerPath(), context.name),
        });
      }
    } catch (error) {
      items.push({ label: '$(warning) Docker contexts unavailable', description: error instanceof Error ? error.message : String(error) });
    }
    items.push({ label: 'Kubernetes contexts', kind: vscode.QuickPickItemKind.Separator });
    try {
      const current = await kubeCurrentContext(this.config.kubectlPath());
      const contexts = await kubeContexts(this.config.kubectlPath());
      for (const name of contexts) {
        items.push({ label: `${name === current ? '$(check) ' : ''}${name}`, description: 'kubectl', apply: () => useKubeContext(this.config.kubectlPath(), name) });
      }
      if (contexts.length === 0) {
        items.push({ label: 'No Kubernetes contexts', description: 'kubectl config get-contexts lists none' });
      }
    } catch (error) {
      items.push({ label: '$(warning) Kubernetes contexts unavailable', description: error instanceof Error ? error.message : String(error) });
    }
    const picked = await vscode.window.showQuickPick(items, { title: 'Where should Runs go?', placeHolder: 'Pick a Docker or Kubernetes context' });
    if (picked?.apply) {
      await picked.apply();
      await this.refresh();
    }
  }

  dispose(): void {
    clearInterval(this.timer);
    this.item.dispose();
  }
}
