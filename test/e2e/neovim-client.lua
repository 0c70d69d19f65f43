-- Headless Neovim (0.7+) as an independent LSP client of the Safeshift language server.
-- Driven by test/e2e/neovim.test.ts:
--   nvim --headless -u NONE -i NONE -n -c 'luafile test/e2e/neovim-client.lua'
-- Inputs (environment):
--   SAFESHIFT_SERVER   path of dist/server.js
--   SAFESHIFT_FILE     the migration to open
--   SAFESHIFT_RESULT   where to write the JSON result
--   SAFESHIFT_RULE     the rule whose quick fix is applied (require-concurrent-index-creation)
--   SAFESHIFT_FIX      the title (substring) of the quick fix to apply ("Add CONCURRENTLY")
--   SAFESHIFT_TIMEOUT  milliseconds to wait for each step (default 20000)
-- Output: one JSON object; `error` is set when a step failed, with everything seen so far.

local env = vim.env
local result = { steps = {} }
local timeout = tonumber(env.SAFESHIFT_TIMEOUT or '20000')

local function write_result()
  local f = assert(io.open(env.SAFESHIFT_RESULT, 'w'))
  f:write(vim.fn.json_encode(result))
  f:close()
end

local function step(name)
  table.insert(result.steps, name)
end

local function lsp_code(d)
  if d.code ~= nil then return d.code end
  local lsp = d.user_data and d.user_data.lsp
  return lsp and lsp.code or vim.NIL
end

local function snapshot_diagnostics(bufnr)
  local out = {}
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    table.insert(out, {
      code = lsp_code(d),
      message = d.message,
      source = d.source or vim.NIL,
      severity = d.severity,
      lnum = d.lnum,
      col = d.col,
      end_lnum = d.end_lnum or vim.NIL,
      end_col = d.end_col or vim.NIL,
    })
  end
  return out
end

local function has_rule(bufnr, rule)
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    if lsp_code(d) == rule then return d end
  end
  return nil
end

local function buffer_text(bufnr)
  return table.concat(vim.api.nvim_buf_get_lines(bufnr, 0, -1, false), '\n')
end

local function main()
  local rule = env.SAFESHIFT_RULE
  local fix_title = env.SAFESHIFT_FIX

  vim.lsp.set_log_level('WARN')
  local v = vim.fn.api_info().version
  result.nvim_version = v.major .. '.' .. v.minor .. '.' .. v.patch

  vim.cmd('edit ' .. vim.fn.fnameescape(env.SAFESHIFT_FILE))
  local bufnr = vim.api.nvim_get_current_buf()
  vim.bo[bufnr].filetype = 'sql'
  step('opened')

  local published = 0
  local exited = nil
  local handler = vim.lsp.handlers['textDocument/publishDiagnostics']
  local client_id = vim.lsp.start_client({
    name = 'safeshift',
    cmd = { 'node', env.SAFESHIFT_SERVER, '--stdio' },
    root_dir = vim.fn.fnamemodify(env.SAFESHIFT_FILE, ':p:h:h'),
    on_exit = function(code, signal) exited = { code = code, signal = signal } end,
    handlers = {
      ['textDocument/publishDiagnostics'] = function(err, res, ctx, config)
        published = published + 1
        return handler(err, res, ctx, config)
      end,
    },
  })
  if not client_id then error('vim.lsp.start_client returned nil') end
  vim.lsp.buf_attach_client(bufnr, client_id)
  local client = vim.lsp.get_client_by_id(client_id)
  local function dead()
    return client.is_stopped() or exited ~= nil
  end
  -- Fail fast when the server dies instead of waiting out the timeouts.
  local function wait_for(what, predicate)
    local ok = vim.wait(timeout, function() return dead() or predicate() end, 50)
    if dead() then error('the server exited while waiting for ' .. what .. ' (see lsp.log)') end
    if not ok then error('timed out after ' .. timeout .. ' ms waiting for ' .. what) end
  end

  wait_for('initialize', function() return client.initialized == true or (client.server_capabilities ~= nil and next(client.server_capabilities) ~= nil) end)
  result.server_name = client.server_info and client.server_info.name or vim.NIL
  step('initialized')

  local seen = vim.wait(timeout, function() return dead() or has_rule(bufnr, rule) ~= nil end, 50)
  result.diagnostics_before = snapshot_diagnostics(bufnr)
  if dead() then error('the server exited while waiting for diagnostics (see lsp.log)') end
  if not seen then
    error('no ' .. rule .. ' diagnostic within ' .. timeout .. ' ms (' .. published .. ' publishDiagnostics received)')
  end
  result.diagnostics_before = snapshot_diagnostics(bufnr)
  result.text_before = buffer_text(bufnr)
  step('diagnostics')

  -- The outline (document symbols) and the hover come from the same server.
  local uri = vim.uri_from_bufnr(bufnr)
  local sym = client.request_sync('textDocument/documentSymbol', { textDocument = { uri = uri } }, timeout, bufnr)
  if not sym or sym.err then error('documentSymbol failed: ' .. vim.inspect(sym and sym.err)) end
  result.symbols = {}
  for _, s in ipairs(sym.result or {}) do
    table.insert(result.symbols, { name = s.name, kind = s.kind, line = s.range and s.range.start.line or vim.NIL })
  end
  local hover_col = (buffer_text(bufnr):find(' ON ', 1, true) or 1) + 3
  local hov = client.request_sync('textDocument/hover', { textDocument = { uri = uri }, position = { line = 0, character = hover_col } }, timeout, bufnr)
  if not hov or hov.err then error('hover failed: ' .. vim.inspect(hov and hov.err)) end
  local contents = hov.result and hov.result.contents
  result.hover = (type(contents) == 'table' and contents.value) or (type(contents) == 'string' and contents) or vim.NIL
  step('symbols and hover')

  -- Ask for code actions on the finding, passing it in the context as an editor does.
  local d = has_rule(bufnr, rule)
  local lsp_diag = d.user_data and d.user_data.lsp
  local params = {
    textDocument = { uri = vim.uri_from_bufnr(bufnr) },
    range = lsp_diag and lsp_diag.range or {
      start = { line = d.lnum, character = d.col },
      ['end'] = { line = d.end_lnum or d.lnum, character = d.end_col or d.col },
    },
    context = { diagnostics = { lsp_diag } },
  }
  local response, req_err = client.request_sync('textDocument/codeAction', params, timeout, bufnr)
  if not response then error('codeAction request failed: ' .. tostring(req_err)) end
  if response.err then error('codeAction error: ' .. vim.inspect(response.err)) end
  local actions = response.result or {}
  result.code_actions = {}
  local chosen
  for _, a in ipairs(actions) do
    table.insert(result.code_actions, { title = a.title, kind = a.kind or vim.NIL, has_edit = a.edit ~= nil, command = (type(a.command) == 'table' and a.command.command) or (type(a.command) == 'string' and a.command) or vim.NIL })
    if not chosen and a.title and a.title:find(fix_title, 1, true) then chosen = a end
  end
  step('code actions')
  if not chosen then error('no code action titled "' .. fix_title .. '"') end

  -- Resolve lazily computed edits, then apply the edit and/or run the command.
  if not chosen.edit and not chosen.command and client.server_capabilities.codeActionProvider
      and type(client.server_capabilities.codeActionProvider) == 'table'
      and client.server_capabilities.codeActionProvider.resolveProvider then
    local resolved = client.request_sync('codeAction/resolve', chosen, timeout, bufnr)
    if resolved and resolved.result then chosen = resolved.result end
  end
  if chosen.edit then
    vim.lsp.util.apply_workspace_edit(chosen.edit, client.offset_encoding or 'utf-16')
  end
  local command = chosen.command
  if type(command) == 'table' and command.command then
    local r = client.request_sync('workspace/executeCommand', command, timeout, bufnr)
    if not r or r.err then error('executeCommand failed: ' .. vim.inspect(r and r.err)) end
  elseif type(chosen.command) == 'string' then
    local r = client.request_sync('workspace/executeCommand', { command = chosen.command, arguments = chosen.arguments }, timeout, bufnr)
    if not r or r.err then error('executeCommand failed: ' .. vim.inspect(r and r.err)) end
  end
  result.applied = chosen.title
  result.text_after = buffer_text(bufnr)
  step('applied')

  -- The edit reaches the server as didChange; wait for it to publish diagnostics without the finding.
  local before = published
  local gone = vim.wait(timeout, function() return dead() or (published > before and has_rule(bufnr, rule) == nil) end, 50)
  result.diagnostics_after = snapshot_diagnostics(bufnr)
  if dead() then error('the server exited after the fix was applied (see lsp.log)') end
  if not gone then error(rule .. ' still reported ' .. timeout .. ' ms after the fix') end
  step('finding gone')

  vim.lsp.stop_client(client_id)
  vim.wait(2000, function() return vim.lsp.get_client_by_id(client_id) == nil end, 50)
end

local ok, err = xpcall(main, debug.traceback)
if not ok then result.error = tostring(err) end
local wrote, werr = pcall(write_result)
if not wrote then io.stderr:write('could not write result: ' .. tostring(werr) .. '\n') end
vim.cmd(ok and wrote and 'qall!' or 'cquit!')
