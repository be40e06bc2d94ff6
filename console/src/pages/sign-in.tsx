// Shown when there is no session: local mode needs the URL (or token) the server printed; on AWS
// the Cognito hosted UI signs in.
import { useState, type FormEvent, type ReactNode } from 'react';
import { startSignIn } from '../auth/cognito.js';
import type { ConsoleConfig } from '../auth/config.js';
import { setToken } from '../auth/session.js';
import { ErrorBox } from '../components/common.js';

export function SignInPage({ config, reason }: { config: ConsoleConfig; reason: string | undefined }): ReactNode {
  const [token, setTokenText] = useState('');
  const [error, setError] = useState<unknown>(undefined);
  const auth = config.auth;
  const submit = (e: FormEvent): void => {
    e.preventDefault();
    if (token.trim() !== '') setToken(token.trim());
  };
  return (
    <section className="card sign-in" data-testid="sign-in">
      <h1>Sign in to Panther</h1>
      {reason !== undefined ? <p className="notice">{reason}</p> : null}
      {auth.type === 'cognito' ? (
        <>
          <p>Sign in with your organization's account.</p>
          <button type="button" className="primary" onClick={() => startSignIn(auth).catch(setError)}>
            Sign in
          </button>
        </>
      ) : (
        <>
          <p>
            <strong>A token is required.</strong> Open the console URL the local server printed when it started (it carries the token), or paste the token here.
          </p>
          <form onSubmit={submit}>
            <label>
              Token
              <input type="password" autoComplete="off" value={token} onChange={(e) => setTokenText(e.target.value)} name="token" />
            </label>
            <button type="submit" className="primary">
              Continue
            </button>
          </form>
        </>
      )}
      <ErrorBox error={error} />
    </section>
  );
}
