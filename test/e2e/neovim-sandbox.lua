-- Headless Neovim (0.7+) runs a migration in the Safeshift sandbox through plain LSP:
-- workspace/executeCommand safeshift.sandbox.run, then the failing migration, whose error comes back
-- as a pushed "safeshift sandbox" diagnostic. Driven by test/e2e/neovim-sandbox.test.ts.
-- Inputs (environment): SAFESHIFT_SERVER (dist/server.js), SAFESHIFT_FILE (the migration to run),
-- SAFESHIFT_FAILING (a migration that fails), SAFESHIFT_RESULT (JSON output), SAFESHIFT_TIMEOUT (ms).
local env = vim.env
local result = { steps = {} }
local timeout = tonumber(env.SAFESHIFT_TIMEOUT or '60000')

local function step(name) table.insert(result.steps, name) end

local function main()
  vim.lsp.set_log_level('WARN')
  vim.cmd('edit ' .. vim.fn.fnameescape(env.SAFESHIFT_FILE))
  local bufnr = vim.api.nvim_get_current_buf()
  vim.bo[bufnr].filetype = 'sql'
  local client_id = vim.lsp.start_client({
    name = 'safeshift',
    cmd = { 'node', env.SAFESHIFT_SERVER, '--stdio' },
    root_dir = vim.fn.fnamemodify(env.SAFESHIFT_FILE, ':p:h:h:h'),
  })
  if not client_id then error('vim.lsp.start_client returned nil') end
  vim.lsp.buf_attach_client(bufnr, client_id)
  local client = vim.lsp.get_client_by_id(client_id)
  if not vim.wait(timeout, function() return client.initialized == true or (client.server_capabilities ~= nil and next(client.server_capabilities) ~= nil) end, 50) then
    error('initialize timed out')
  end
  result.commands = (client.server_capabilities.executeCommandProvider or {}).commands or {}
  step('initialized')

  local response, err = client.request_sync('workspace/executeCommand', {
    command = 'safeshift.sandbox.run',
    arguments = { { uri = vim.uri_from_bufnr(bufnr) } },
  }, timeout, bufnr)
  if not response then error('executeCommand failed: ' .. tostring(err)) end
  if response.err then error('executeCommand error: ' .. vim.inspect(response.err)) end
  result.report = response.result
  step('ran')

  vim.cmd('edit ' .. vim.fn.fnameescape(env.SAFESHIFT_FAILING))
  local failing = vim.api.nvim_get_current_buf()
  vim.bo[failing].filetype = 'sql'
  vim.lsp.buf_attach_client(failing, client_id)
  local failed = client.request_sync('workspace/executeCommand', {
    command = 'safeshift.sandbox.run',
    arguments = { vim.uri_from_bufnr(failing) },
  }, timeout, failing)
  if not failed or failed.err then error('executeCommand on the failing migration failed: ' .. vim.inspect(failed and failed.err)) end
  local found = vim.wait(timeout, function()
    for _, d in ipairs(vim.diagnostic.get(failing)) do
      if d.source == 'safeshift sandbox' then return true end
    end
    return false
  end, 50)
  result.diagnostics = {}
  for _, d in ipairs(vim.diagnostic.get(failing)) do
    table.insert(result.diagnostics, { source = d.source or vim.NIL, message = d.message, lnum = d.lnum, col = d.col })
  end
  if not found then error('no "safeshift sandbox" diagnostic on the failing migration') end
  step('diagnostic')

  vim.lsp.stop_client(client_id)
  vim.wait(5000, function() return vim.lsp.get_client_by_id(client_id) == nil end, 50)
end

local ok, err = xpcall(main, debug.traceback)
if not ok then result.error = tostring(err) end
local f = assert(io.open(env.SAFESHIFT_RESULT, 'w'))
f:write(vim.fn.json_encode(result))
f:close()
vim.cmd(ok and 'qall!' or 'cquit!')
