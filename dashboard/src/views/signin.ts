import { h } from '../dom.ts';

/** The sign-in form: a pasted bearer token, as GraphiQL takes it in its Headers tab. */
export function signInForm(onSubmit: (token: string) => void, error: string | null): HTMLElement {
  const input = h('input', {
    id: 'token',
    type: 'password',
    autocomplete: 'off',
    spellcheck: 'false',
    placeholder: 'Bearer eyJ… (npm run tokens)',
    'aria-label': 'Bearer token',
  });
  return h(
    'form',
    {
      class: 'signin',
      id: 'signin',
      onsubmit: ((event: Event) => {
        event.preventDefault();
        if (input.value.trim()) onSubmit(input.value);
      }) as EventListener,
    },
    h('h2', null, '登录 Sign in'),
    h('p', null, '粘贴访问令牌 (paste a bearer token: a supervisor or dashboard token sees every agency; staff see their own agency). ',
      'It is kept in this tab only (sessionStorage).'),
    h('div', { class: 'row' }, input, h('button', { type: 'submit', id: 'signin-button' }, '登录 Sign in')),
    error ? h('p', { class: 'error', id: 'signin-error', role: 'alert' }, error) : null,
  );
}
