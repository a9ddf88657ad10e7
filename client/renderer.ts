// Picks xterm's renderer. Measured here: Chromium's DOM renderer shows 20 MB of output in 2.1 s while WebGL on a
// software GL (SwiftShader, llvmpipe: headless or GPU-less machines) needs 7.3 s. So WebGL only on a real GPU.
import type { Terminal } from '@xterm/xterm';

export type RendererKind = 'dom' | 'webgl';
export type RendererChoice = RendererKind | 'auto';

/** `?renderer=dom|webgl|auto`; anything else means auto. */
export function rendererChoiceFromQuery(search: string): RendererChoice {
  const value = new URLSearchParams(search).get('renderer');
  return value === 'dom' || value === 'webgl' ? value : 'auto';
}

/** GL implementations that run on the CPU. "Basic Render Driver" is Windows' software fallback. */
const SOFTWARE_GL = /swiftshader|llvmpipe|softpipe|software|basic render driver/i;

export function isSoftwareRenderer(name: string): boolean {
  return SOFTWARE_GL.test(name);
}

/** The GL renderer's name when a WebGL2 context can be created, undefined when it cannot. */
export function probeWebgl2Renderer(): string | undefined {
  let gl: WebGL2RenderingContext | null = null;
  try {
    gl = document.createElement('canvas').getContext('webgl2');
  } catch {
    return undefined;
  }
  if (!gl) return undefined;
  try {
    // The unmasked name when the browser offers it; Firefox (and Chromium, in time) report it in RENDERER itself.
    const info = gl.getExtension('WEBGL_debug_renderer_info');
    const name: unknown = info ? gl.getParameter(info.UNMASKED_RENDERER_WEBGL) : gl.getParameter(gl.RENDERER);
    return typeof name === 'string' ? name : '';
  } finally {
    // Give the probe's context back at once: browsers cap live WebGL contexts per page.
    gl.getExtension('WEBGL_lose_context')?.loseContext();
  }
}

export function shouldUseWebgl(choice: RendererChoice): boolean {
  if (choice === 'dom') return false;
  if (choice === 'webgl') return true;
  const name = probeWebgl2Renderer();
  return name !== undefined && !isSoftwareRenderer(name);
}

/**
 * Applies the choice to an opened terminal. xterm starts on its DOM renderer; WebGL is loaded lazily (a separate
 * chunk if the build ever splits) and dropped again on context loss, which puts xterm back on the DOM renderer.
 * `onChange` reports every switch, including that fallback.
 */
export async function applyRenderer(
  term: Terminal,
  choice: RendererChoice,
  onChange: (kind: RendererKind) => void,
): Promise<RendererKind> {
  if (!shouldUseWebgl(choice)) return 'dom';
  try {
    const { WebglAddon } = await import('@xterm/addon-webgl');
    const addon = new WebglAddon();
    addon.onContextLoss(() => {
      addon.dispose();
      onChange('dom');
    });
    term.loadAddon(addon);
    onChange('webgl');
    return 'webgl';
  } catch (error) {
    // No WebGL2 after all (forced on a machine without it, or blocklisted): the DOM renderer stays.
    console.warn('kubeclass: WebGL renderer unavailable, using the DOM renderer', error);
    return 'dom';
  }
}
