using Lantern.Editor;

public static class Shortcuts
{
    #region Register
    public static void Register(Editor editor)
    {
        editor.Bind("Ctrl+N", Commands.NewNote);
        editor.Bind("Ctrl+K", Commands.Search);
        editor.Bind("Ctrl+Shift+P", Commands.PinNote);
    }
    #endregion
}
