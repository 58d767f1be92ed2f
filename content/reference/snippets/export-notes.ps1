# Export every note of a Lantern workspace to a folder of Markdown files.
param(
    [Parameter(Mandatory)] [string] $Workspace,
    [string] $Target = "./export"
)

# <connect>
    $session = Connect-Lantern -Workspace $Workspace
    Write-Host "Connected to $($session.Name)"
# </connect>

# <export>
    New-Item -ItemType Directory -Force -Path $Target | Out-Null
    foreach ($note in Get-LanternNote -Session $session) {
        $file = Join-Path $Target "$($note.Id).md"
        Set-Content -Path $file -Value $note.Body
    }
# </export>
