import { render, screen } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import App from '../../renderer/src/App.svelte';

describe('App', () => {
  it('shows the training banner in the Simulator environment', () => {
    render(App);
    expect(screen.getByRole('status').textContent).toMatch(/No real money moves/);
  });
});
